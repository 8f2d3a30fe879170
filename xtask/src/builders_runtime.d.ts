// gwlint builders: composition and the types every generated kind module uses.

/** What a builder returns: any part of a `T`, every field optional, at any depth. */
export type Patch<T> = T extends readonly (infer U)[]
  ? Patch<U>[]
  : T extends object
    ? { [K in keyof T]?: Patch<T[K]> }
    : T;

/**
 * Composes objects and patches left to right, as jsonnet's `a + b + c`: objects deep-merge,
 * arrays and scalars are replaced, and what a `...Mixin` builder made is appended or merged.
 * Never changes its arguments.
 */
export declare function compose<T>(base: T, ...patches: Patch<T>[]): T;

/** A single value where a list is expected becomes a list of one. */
export declare function list<T>(value: T | T[]): T[];

/** An entry of `metadata.ownerReferences`. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}
