// Types of gwlint/monaco (editors/monaco/index.mjs). `monaco` is the monaco-editor namespace the application uses.

/** Lint options, as `lint()`'s (gatewayApi, channel, profile, rules, namespace, cel, references, controllerName). */
export type GwlintOptions = Record<string, unknown>;

export interface GwlintMonacoConfig {
  /** A Worker (or MessagePort) running `startWorkerServer(gwlint, { announce: true })` from gwlint/lsp/worker. */
  worker?: Worker | MessagePort | null;
  /** The gwlint module after `init()`: the server runs in the page (no worker). */
  gwlint?: unknown;
  options?: GwlintOptions;
  /** The models' language (default "yaml"). */
  languageId?: string;
  /** In-page only: where lsp/descriptions.json is served (the CRD docs on hover). */
  descriptionsUrl?: string | URL | null;
}

export interface GwlintMonaco {
  setOptions(options: GwlintOptions): Promise<void>;
  onMessage(listener: (message: { type: number; message: string }) => void): () => void;
  dispose(): void;
}

export function registerGwlint(monaco: any, config: GwlintMonacoConfig): GwlintMonaco;
