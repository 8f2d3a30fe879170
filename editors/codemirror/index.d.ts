// Types of gwlint/codemirror (editors/codemirror/index.mjs).
import type { Extension, EditorState, Text } from "@codemirror/state";
import type { Diagnostic } from "@codemirror/lint";

/** Lint options, as `lint()`'s (gatewayApi, channel, profile, rules, namespace, cel, references, controllerName). */
export type GwlintOptions = Record<string, unknown>;

export interface GwlintConfig {
  /** A Worker (or MessagePort) running `startWorkerServer(gwlint, { announce: true })` from gwlint/lsp/worker. */
  worker?: Worker | MessagePort | null;
  /** The gwlint module after `init()`: the server runs in the page (no worker). */
  gwlint?: unknown;
  options?: GwlintOptions;
  /** In-page only: where lsp/descriptions.json is served (the CRD docs on hover). */
  descriptionsUrl?: string | URL | null;
}

export interface EditorConfig {
  /** The document's URI (default: a fresh inmemory://gwlint/N.yaml). */
  uri?: string;
  hover?: boolean;
  completion?: boolean;
}

export interface GwlintSession {
  extension(config?: EditorConfig): Extension;
  setOptions(options: GwlintOptions): Promise<void>;
  onMessage(listener: (message: { type: number; message: string }) => void): () => void;
}

export function createGwlint(config: GwlintConfig): GwlintSession;
export function gwlintExtension(config: GwlintConfig & EditorConfig): Extension;
export function toPosition(doc: Text, offset: number): { line: number; character: number };
export function toOffset(doc: Text, position: { line: number; character: number }): number;
export function toCodeMirrorDiagnostics(state: EditorState, diagnostics: unknown[]): Diagnostic[];
