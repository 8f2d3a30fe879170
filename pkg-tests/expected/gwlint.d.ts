/* tslint:disable */
/* eslint-disable */
/**
 * A Gateway API release channel.
 */
export type Channel = "standard" | "experimental";

/**
 * A diagnostic as consumers receive it.
 */
export interface Diagnostic {
    /**
     * Stable identifier of the check, e.g. `schema/required`.
     */
    code: string;
    severity: Severity;
    source: Source;
    /**
     * The message, worded as the API server words it where it has a wording.
     */
    message: string;
    /**
     * Kubernetes-style field path (`spec.rules[0].backendRefs[1].port`), or null.
     */
    fieldPath: string | null;
    /**
     * The same path as keys and indices.
     */
    path: PathSegment[];
    /**
     * 0-based line; character in UTF-16 code units, as LSP counts.
     */
    range: Range;
    /**
     * UTF-16 offsets: `text.slice(offsets.start, offsets.end)` is the flagged text.
     */
    offsets: Offsets;
    resource: ResourceRef | null;
    help: string | null;
}

/**
 * A position as editors (LSP) count it: 0-based line, and character in UTF-16 code units.
 */
export interface Position {
    line: number;
    character: number;
}

/**
 * A range of positions, end exclusive.
 */
export interface Range {
    start: Position;
    end: Position;
}

/**
 * An object found in the input.
 */
export interface ResourceSummary {
    apiVersion: string | null;
    kind: string | null;
    namespace: string | null;
    name: string | null;
    documentIndex: number;
    /**
     * The Gateway API channel whose schema validated it; null for other kinds.
     */
    channel: Channel | null;
    /**
     * Whether gwlint has a schema for the kind and version.
     */
    known: boolean;
}

/**
 * One step of a path into a resource: a key, or an index into a list.
 */
export type PathSegment = string | number;

/**
 * The object a diagnostic is about.
 */
export interface ResourceRef {
    apiVersion: string | null;
    kind: string | null;
    namespace: string | null;
    name: string | null;
    /**
     * 0-based index of the document in the stream.
     */
    documentIndex: number;
}

/**
 * UTF-16 offsets into the whole text, end exclusive.
 */
export interface Offsets {
    start: number;
    end: number;
}

/**
 * What `lint` returns.
 */
export interface LintResult {
    /**
     * Every problem, ordered by position.
     */
    diagnostics: Diagnostic[];
    /**
     * One entry per object in the input.
     */
    resources: ResourceSummary[];
    /**
     * The release validated against (`"auto"` resolved).
     */
    gatewayApi: string;
}

/**
 * Which Gateway API release to validate against.
 */
export type GatewayApiRelease = "v1.2.1" | "v1.3.0" | "v1.4.1" | "v1.5.1" | "v1.6.1" | "auto";

/**
 * Which stage found the problem.
 */
export type Source = "syntax" | "schema" | "cel" | "evaluation" | "profile";

export interface LintOptions {
    /**
     * Gateway API release: `"v1.2.1"` ... `"v1.6.1"`, or `"auto"` (the default).
     */
    gatewayApi?: GatewayApiRelease;
    /**
     * `"standard"`, `"experimental"` or `"auto"` (the default).
     */
    channel?: ChannelOption;
    /**
     * Namespace of objects that name none (default `"default"`).
     */
    namespace?: string;
}

export type ChannelOption = "standard" | "experimental" | "auto";

export type Severity = "error" | "warning" | "info" | "hint";


/**
 * Lints a multi-document YAML or JSON text against the Gateway API CRD schemas.
 */
export function lint(text: string, options?: LintOptions): LintResult;

/**
 * The version of gwlint.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly lint: (a: number, b: number, c: number) => [number, number, number];
    readonly version: () => [number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_alloc: () => number;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
