/* tslint:disable */
/* eslint-disable */
/**
 * A Gateway API release channel.
 */
export type Channel = "standard" | "experimental";

/**
 * A Service and port.
 */
export interface ServicePort {
    namespace: string;
    name: string;
    /**
     * The port number the route uses, when it names one.
     */
    port: number | null;
    /**
     * The Service's name for that port, when the Service is in the input and names it.
     */
    portName: string | null;
}

/**
 * A `ParentReference` as written in status (defaults filled in).
 */
export interface ParentRef {
    group: string;
    kind: string;
    namespace: string | null;
    name: string;
    sectionName: string | null;
    port: number | null;
}

/**
 * A `metav1.Condition` (without `lastTransitionTime`, which only a live controller knows).
 */
export interface Condition {
    type: string;
    status: ConditionStatus;
    reason: string;
    message: string;
    observedGeneration: number | null;
    /**
     * Whether the condition is what a working object shows ([`Condition::healthy`]); computed
     * from `type` and `status` when the condition is built.
     */
    healthy: boolean;
}

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
    /**
     * Profile diagnostics only: the implementation's documentation of the constraint.
     */
    docsUrl?: string;
    /**
     * Profile diagnostics only: whether the controller enforces the constraint and how a
     * violation surfaces (status condition, Warning Event, API server), or that it is only
     * documented, or silently ignored.
     */
    enforcement?: Enforcement;
    /**
     * Fixes for the problem, when gwlint knows one (a misspelt field or value).
     */
    fixes?: Fix[];
    /**
     * Policy diagnostics: related places (the policy's expression, the binding), as LSP's
     * `relatedInformation`.
     */
    related?: Related[];
}

/**
 * A fix: what it does, and the edits that do it (apply them all; they do not overlap).
 */
export interface Fix {
    /**
     * E.g. `Change to "gatewayClassName"`.
     */
    title: string;
    edits: TextEdit[];
}

/**
 * A position as editors (LSP) count it: 0-based line, and character in UTF-16 code units.
 */
export interface Position {
    line: number;
    character: number;
}

/**
 * A profile as the JS `profiles()` export lists it.
 */
export interface ProfileInfo {
    /**
     * The value of `options.profile`.
     */
    name: string;
    title: string;
    docsUrl: string;
    controllerName: string;
    /**
     * Oldest and newest supported Gateway API release.
     */
    gatewayApi: string[];
    kinds: string[];
    /**
     * Supported upstream conformance features.
     */
    features: string[];
    /**
     * Kinds of the profile's own CRDs, validated when the profile is on.
     */
    crdKinds: string[];
    rules: RuleInfo[];
}

/**
 * A profile rule as `profiles()` lists it (named `ProfileRuleInfo` in TypeScript, beside the
 * catalogue's `RuleInfo`).
 */
export interface RuleInfo {
    code: string;
    severity: Severity;
    description: string;
    docsUrl: string;
    enforcement: Enforcement;
    kinds: string[];
    /**
     * Upstream features the rule reports.
     */
    features: string[];
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
    /**
     * Set when the object would not exist in the cluster as written: the API server rejects
     * it, or a later document replaces it.
     */
    absent?: Absence;
}

/**
 * An object of the output, keys in canonical order.
 */
export interface OutputObject {
    /**
     * 0-based index of the document in the input.
     */
    documentIndex: number;
    apiVersion: string | null;
    kind: string | null;
    /**
     * The object's namespace, or the implied one when it names none (null when cluster-scoped).
     */
    namespace: string | null;
    name: string | null;
    /**
     * The object itself.
     */
    object: Record<string, unknown>;
}

/**
 * An object with the status gwlint computed for it (null for kinds without one).
 */
export interface EvaluatedResource {
    apiVersion: string;
    kind: string;
    namespace: string | null;
    name: string;
    documentIndex: number;
    status: ObjectStatus | null;
    /**
     * Set when the object would not exist in the cluster as written (then `status` is null).
     */
    absent?: Absence;
}

/**
 * Another place that matters to a diagnostic, as LSP's `DiagnosticRelatedInformation`: for a
 * policy decision, the policy's expression and the binding.
 */
export interface Related {
    /**
     * What is there, e.g. `ValidatingAdmissionPolicy 'p': spec.validations[0].expression`.
     */
    message: string;
    /**
     * Which text `range` and `offsets` are in.
     */
    document: RelatedDocument;
    /**
     * 0-based line; character in UTF-16 code units, as LSP counts.
     */
    range: Range;
    /**
     * UTF-16 offsets into that text.
     */
    offsets: Offsets;
}

/**
 * How `evaluate` reports references to objects missing from the input.
 */
export type References = "warning" | "error";

/**
 * How an implementation enforces a profile constraint, and how a violation surfaces.
 */
export type Enforcement = "status-condition" | "event-failed-build-model" | "event-failed-deploy-model" | "api-server" | "documented" | "ignored";

/**
 * One change normalization or conversion made.
 */
export interface Change {
    /**
     * 0-based index of the document in the input.
     */
    documentIndex: number;
    /**
     * Where, in the input's structure (list indices as written).
     */
    path: PathSegment[];
    /**
     * The same path, Kubernetes style: `spec.listeners[0].allowedRoutes`.
     */
    fieldPath: string;
    /**
     * The value before; null when the field was absent.
     */
    old: unknown;
    /**
     * The value after; null when the field was removed.
     */
    new: unknown;
    kind: ChangeKind;
    /**
     * Why, e.g. "defaulted by the v1.6.1 CRD".
     */
    reason: string;
}

/**
 * One diagnostic code and its documentation.
 */
export interface RuleInfo {
    /**
     * The diagnostic code, e.g. `schema/required`.
     */
    code: string;
    source: Source;
    /**
     * The severity this code is usually reported with (some codes downgrade, e.g. a reference
     * to an object missing from the input is a warning, not an error).
     */
    severity: Severity;
    /**
     * One line: what is wrong.
     */
    summary: string;
    /**
     * Who reports it in a cluster, and what gwlint checks.
     */
    docs: string;
}

/**
 * One line of the text summary: one per object of the input, in document order.
 */
export interface SummaryLine {
    documentIndex: number;
    kind: string;
    namespace: string | null;
    name: string;
    state: NodeState;
    /**
     * E.g. `TLSRoute shop/payments -> Gateway infra/edge listener tls-443 (Passthrough),
     * hostname pay.example.com, backend payments:8443, TLS by BackendTLSPolicy payments-tls`.
     */
    text: string;
}

/**
 * One object of the input and what the move to the target release does to it.
 */
export interface UpgradeCheckObject {
    /**
     * 0-based index of the document in the input.
     */
    documentIndex: number;
    /**
     * As written.
     */
    apiVersion: string | null;
    /**
     * As written.
     */
    kind: string | null;
    /**
     * The object's namespace, or the implied one (null when cluster-scoped).
     */
    namespace: string | null;
    name: string | null;
    /**
     * The `apiVersion` `convert` writes for the target release (the same as `apiVersion` when
     * the object is unchanged or left as written).
     */
    targetApiVersion: string | null;
    status: UpgradeStatus;
    /**
     * How many errors the object already has in the input's release (`lint` reports them;
     * they are not repeated here).
     */
    sourceErrors: number;
    /**
     * The `convert/*` diagnostics of the object: `convert/invalid-in-target` (errors),
     * `convert/not-converted` and `convert/kind-not-in-release` (warnings). Positions are in
     * the input.
     */
    diagnostics: Diagnostic[];
    /**
     * What `convert` changes in the object: `apiVersion`, moved fields, renamed kinds.
     */
    changes: Change[];
}

/**
 * One step of a path into a resource: a key, or an index into a list.
 */
export type PathSegment = string | number;

/**
 * Options of `convert`: the options of `lint` (`gatewayApi` is the input's release) plus these.
 */
export interface ConvertOptions extends LintOptions {
    /**
     * The release to convert to: `"v1.2.1"` ... `"v1.6.1"`; `"auto"` (the default) is the
     * newest.
     */
    to?: GatewayApiRelease;
    /**
     * `"yaml"` (the default) or `"json"`.
     */
    format?: OutputFormat;
}

/**
 * Options of `normalize`: the options of `lint` plus these.
 */
export interface NormalizeOptions extends LintOptions {
    /**
     * `"yaml"` (the default) or `"json"`.
     */
    format?: OutputFormat;
    /**
     * Remove every value equal to its schema default instead of filling defaults in: the
     * minimal manifest (default `false`).
     */
    dropDefaults?: boolean;
    /**
     * Write `metadata.namespace` into namespaced objects that name none (the `namespace`
     * option, else `"default"`), and the object's namespace into references under `spec` that
     * name none (default `false`).
     */
    fillNamespace?: boolean;
}

/**
 * Options of `preview`: the options of `evaluate` plus the picture's layout.
 */
export interface PreviewOptions extends LintOptions {
    /**
     * The width in CSS pixels the picture will be shown at, such as its panel's width
     * (default 960; a whole number from 240 to 20000). Top-down, the SVG's `width` (and its
     * `viewBox`) is at most this, so drawn at its own size every text is at least 10 px.
     */
    maxWidth?: number;
    /**
     * `"top-down"` (the default) or `"left-right"`.
     */
    direction?: PreviewDirection;
}

/**
 * Output text format.
 */
export type OutputFormat = "yaml" | "json";

/**
 * Replace the text at `range` (and `offsets`) with `newText`, as an LSP `TextEdit`.
 */
export interface TextEdit {
    range: Range;
    offsets: Offsets;
    newText: string;
}

/**
 * The computed condition of a node, as its colour shows it.
 */
export type NodeState = "accepted" | "problem" | "not-evaluated" | "not-in-cluster";

/**
 * The list `profiles()` returns.
 */
export type Profiles = ProfileInfo[];

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
 * The requesting user, as `request.userInfo` of an admission request.
 */
export interface UserInfo {
    username?: string;
    uid?: string;
    groups?: string[];
    extra?: Record<string, string[]>;
}

/**
 * The status of one object, shaped as its kind's status.
 */
export type ObjectStatus = GatewayStatus | GatewayClassStatus | RouteStatus | PolicyStatus;

/**
 * The text a related place is in.
 */
export type RelatedDocument = "input" | "policies";

/**
 * UTF-16 offsets into the whole text, end exclusive.
 */
export interface Offsets {
    start: number;
    end: number;
}

/**
 * What `evaluate` returns.
 */
export interface EvaluateResult {
    /**
     * Lint diagnostics plus one per failing condition (source `evaluation`).
     */
    diagnostics: Diagnostic[];
    resources: EvaluatedResource[];
    effectivePolicies: EffectivePolicy[];
    topology: Topology;
    gatewayApi: string;
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
 * What `normalize` and `convert` return.
 */
export interface NormalizeResult {
    /**
     * The output manifest (YAML or JSON). Comments of the input are not in it.
     */
    text: string;
    /**
     * The output objects, in input order.
     */
    objects: OutputObject[];
    /**
     * Every value change made, in document order.
     */
    diff: Change[];
    /**
     * Lint diagnostics of the input (unknown fields among them: they are kept in the output),
     * and problems of normalization itself; positions are in the input.
     */
    diagnostics: Diagnostic[];
    /**
     * The release whose schemas were used (`"auto"` resolved; for `convert`, the target).
     */
    gatewayApi: string;
}

/**
 * What `preview` returns.
 */
export interface PreviewResult {
    /**
     * A standalone SVG document (`role="img"`, with `<title>` and `<desc>`).
     */
    svg: string;
    summary: SummaryLine[];
    /**
     * Topology nodes left out of the picture: a column draws at most 500 boxes (problems
     * first); the rest are counted in its last box.
     */
    omittedNodes: number;
    /**
     * The release evaluated against (`"auto"` resolved).
     */
    gatewayApi: string;
}

/**
 * What `rules` sets a rule to.
 */
export type RuleLevel = "off" | "info" | "warning" | "error";

/**
 * What `upgradeCheck` returns.
 */
export interface UpgradeCheckResult {
    /**
     * The input's release (`gatewayApi`, `"auto"` resolved).
     */
    from: string;
    /**
     * The target release (`to`, `"auto"` resolved).
     */
    to: string;
    /**
     * Every object of the input, in input order (documents that are not objects are left
     * out).
     */
    objects: UpgradeCheckObject[];
    /**
     * How many objects break: status `invalid` or `notConverted`.
     */
    breaking: number;
}

/**
 * What a change did.
 */
export type ChangeKind = "default" | "dropDefault" | "namespace" | "sort" | "apiVersion" | "move" | "rename";

/**
 * What happens to an object in the target release, worst first: `invalid` (the target rejects
 * it: `convert/invalid-in-target`), `notConverted` (left as written:
 * `convert/not-converted`, `convert/kind-not-in-release`), `converted` (changed, and valid
 * there), `unchanged` (valid there as written).
 */
export type UpgradeStatus = "unchanged" | "converted" | "notConverted" | "invalid";

/**
 * What the admission policies' `authorizer` answers.
 */
export type Authorizer = "unknown" | "allow" | "deny";

/**
 * Which BackendTLSPolicy applies to traffic to one Service port reached by a route.
 */
export interface EffectivePolicy {
    target: ServicePort;
    /**
     * The policy that applies, or null: plaintext to the backend.
     */
    policy: PolicyRef | null;
    /**
     * The SNI (validation.hostname) of the applying policy.
     */
    hostname: string | null;
    /**
     * `namespace/name` of the ConfigMaps holding the CA certificates.
     */
    caCertificateRefs: string[];
    wellKnownCaCertificates: string | null;
    losers: LosingPolicy[];
    /**
     * `namespace/name` of the Gateways whose routes reach this port.
     */
    gateways: string[];
}

/**
 * Which Gateway API release to validate against.
 */
export type GatewayApiRelease = "v1.2.1" | "v1.3.0" | "v1.4.1" | "v1.5.1" | "v1.6.1" | "auto";

/**
 * Which implementation's constraints to check on top of the Gateway API spec.
 */
export type ProfileName = "upstream" | "aws-vpc-lattice";

/**
 * Which stage found the problem.
 */
export type Source = "syntax" | "schema" | "cel" | "evaluation" | "profile" | "policy";

/**
 * Which way the picture reads.
 */
export type PreviewDirection = "top-down" | "left-right";

/**
 * Why an object of the input would not exist in the cluster as written. Evaluation gives it no
 * status and treats references to it as references to a missing object.
 */
export type Absence = "rejected-by-api-server" | "replaced-by-later";

/**
 * `RouteGroupKind`.
 */
export interface RouteGroupKind {
    group: string;
    kind: string;
}

export interface GatewayClassStatus {
    conditions: Condition[];
}

export interface GatewayStatus {
    conditions: Condition[];
    listeners: ListenerStatus[];
    /**
     * The ListenerSets attached and accepted (Gateways, v1.5+; left out otherwise).
     */
    attachedListenerSets?: number;
}

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
    /**
     * The previous version of the objects (YAML or JSON text), matched by group, kind,
     * namespace and name: with it, transition rules (`oldSelf`, e.g. "Value is immutable") are
     * checked as on an update; without it they are skipped, as on create.
     */
    previous?: string;
    /**
     * Evaluate the CRDs' CEL validation rules (default `true`).
     */
    cel?: boolean;
    /**
     * For `evaluate`: the controller name of Gateways whose GatewayClass is not in the input
     * (default `"gwlint.dev/evaluator"`).
     */
    controllerName?: string;
    /**
     * The implementation profile: `"upstream"` (the default) or `"aws-vpc-lattice"`. A profile
     * adds its controller's constraints (source `profile`), validates its own CRDs, and makes
     * `evaluate` write status as that controller does.
     */
    profile?: ProfileName;
    /**
     * Per-rule level, by code (`rules()` and `profiles()` list them): `"off"` drops the rule's
     * diagnostics, `"info"`/`"warning"`/`"error"` sets their severity. An unknown code is an
     * option error. Comments in the text do the same for one line or one document:
     * `# gwlint-disable-next-line <code>...` and `# gwlint-disable <code>...`.
     */
    rules?: Record<string, RuleLevel>;
    /**
     * For `evaluate`: how a reference to an object missing from the input is reported:
     * `"warning"` (the default: the input may be part of what the cluster holds) or `"error"`
     * (the input holds every object, as a GitOps repository does).
     */
    references?: References;
    /**
     * ValidatingAdmissionPolicies, their bindings, param objects and Namespaces (a YAML or
     * JSON stream), evaluated against the objects of the input as the API server would
     * (diagnostics with source `policy`). Policies in the linted text itself are read too.
     */
    policies?: string;
    /**
     * The user the admission policies see as `request.userInfo` (default: an empty user).
     */
    userInfo?: UserInfo;
    /**
     * What the admission policies' `authorizer` answers: `"unknown"` (the default: an
     * expression that reads it is neither a pass nor a denial, and gives an info diagnostic),
     * `"allow"` or `"deny"` (every check, as if RBAC allowed or denied it).
     */
    authorizer?: Authorizer;
}

export interface ListenerStatus {
    name: string;
    supportedKinds: RouteGroupKind[];
    attachedRoutes: number;
    conditions: Condition[];
}

export interface LosingPolicy {
    namespace: string;
    name: string;
    /**
     * Why it does not apply (`Conflicted`, `NoValidCACertificate`, `TargetNotFound`...).
     */
    reason: string;
}

export interface PolicyAncestorStatus {
    ancestorRef: ParentRef;
    controllerName: string;
    conditions: Condition[];
}

export interface PolicyRef {
    namespace: string;
    name: string;
}

export interface PolicyStatus {
    ancestors: PolicyAncestorStatus[];
}

export interface RouteParentStatus {
    parentRef: ParentRef;
    controllerName: string;
    conditions: Condition[];
}

export interface RouteStatus {
    parents: RouteParentStatus[];
}

export interface Topology {
    nodes: TopologyNode[];
    edges: TopologyEdge[];
}

export interface TopologyEdge {
    from: string;
    to: string;
    kind: EdgeKind;
}

export interface TopologyNode {
    /**
     * `Kind/namespace/name` (plus `/listener` or `/port`); unique.
     */
    id: string;
    kind: string;
    namespace: string | null;
    name: string;
    /**
     * The document the object is in; null for objects only referenced.
     */
    documentIndex: number | null;
    /**
     * `accepted`, `problem` or `not-evaluated`; `rejected` (the API server would reject the
     * object) or `replaced` (a later document replaces it) for objects not in the cluster.
     */
    state: string;
}

export type ChannelOption = "standard" | "experimental" | "auto";

export type ConditionStatus = "True" | "False" | "Unknown";

export type EdgeKind = "attaches-to" | "routes-to" | "targets" | "permits" | "uses-ca";

export type Severity = "error" | "warning" | "info" | "hint";


/**
 * An incremental linter for an editor: lint or evaluate successive versions of one text. Each
 * call reuses the results of every document whose text did not change since the last call
 * (wherever it moved), so a keystroke re-checks one document. Results equal `lint(text,
 * options)` and `evaluate(text, options)`. Call `free()` when done.
 */
export class Linter {
    free(): void;
    /**
     * Lints and evaluates the text, as `evaluate(text, options)`.
     */
    evaluate(text: string): EvaluateResult;
    /**
     * Lints the text, as `lint(text, options)`.
     */
    lint(text: string): LintResult;
    /**
     * Takes the options of `lint`; throws on bad options.
     */
    constructor(options?: LintOptions);
    /**
     * Draws the text as `preview(text, { ...linterOptions, ...layout })` does, through this
     * linter: unchanged documents are not linted again, and the text of the last `evaluate` is
     * not evaluated again (an editor's panels and picture share one evaluation). `layout` takes
     * `maxWidth` and `direction`; throws on bad ones.
     */
    preview(text: string, layout?: Pick<PreviewOptions, "maxWidth" | "direction">): PreviewResult;
    /**
     * Replaces the options (the cache is dropped when they differ); throws on bad options.
     */
    setOptions(options?: LintOptions): void;
}

/**
 * Moves each Gateway API object to the newest version of its kind that the target release
 * (`to`) serves, moving fields that moved; what cannot convert is reported and kept as written.
 */
export function convert(text: string, options?: ConvertOptions): NormalizeResult;

/**
 * Lints, then computes the status a conformant controller would write for each object, the
 * effective BackendTLSPolicy per Service port, and the topology.
 */
export function evaluate(text: string, options?: LintOptions): EvaluateResult;

/**
 * Runs once, when the module is instantiated.
 */
export function install_panic_hook(): void;

/**
 * Lints a multi-document YAML or JSON text against the Gateway API CRD schemas.
 */
export function lint(text: string, options?: LintOptions): LintResult;

/**
 * Fills in the schema defaults of the chosen release, sorts lists the schema declares
 * unordered, and writes keys in canonical order; `dropDefaults` gives the minimal manifest.
 * Comments are not kept.
 */
export function normalize(text: string, options?: NormalizeOptions): NormalizeResult;

/**
 * Evaluates, then draws the topology (GatewayClass -> Gateway with its listeners -> routes ->
 * backends, with BackendTLSPolicies and ReferenceGrants where they apply) as a self-contained
 * SVG, and describes each object in one line. Takes the options of `evaluate`, plus the
 * picture's `maxWidth` (the panel's width in CSS pixels) and `direction`.
 */
export function preview(text: string, options?: PreviewOptions): PreviewResult;

/**
 * The implementation profiles `options.profile` accepts besides `"upstream"`: name, title,
 * docs, controllerName, supported Gateway API releases, kinds and features, and each rule
 * (code, severity, description, docs URL, enforcement).
 */
export function profiles(): Profiles;

/**
 * Every diagnostic code gwlint's lint and evaluate stages can emit, with its documentation
 * (profile rules are listed by `profiles()`).
 */
export function rules(): RuleInfo[];

/**
 * What moving the input to the target release (`to`) breaks, per object: its status there
 * (`unchanged`, `converted`, `notConverted`, `invalid`), the changes `convert` would make, and
 * its `convert/*` diagnostics; no output text. Options as `convert`'s (`format` is ignored).
 */
export function upgradeCheck(text: string, options?: ConvertOptions): UpgradeCheckResult;

/**
 * The version of gwlint.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __gwlintTestTrap: () => void;
    readonly __wbg_linter_free: (a: number, b: number) => void;
    readonly convert: (a: number, b: number, c: number) => [number, number, number];
    readonly evaluate: (a: number, b: number, c: number) => [number, number, number];
    readonly install_panic_hook: () => void;
    readonly lint: (a: number, b: number, c: number) => [number, number, number];
    readonly linter_evaluate: (a: number, b: number, c: number) => [number, number, number];
    readonly linter_lint: (a: number, b: number, c: number) => [number, number, number];
    readonly linter_new: (a: number) => [number, number, number];
    readonly linter_preview: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly linter_setOptions: (a: number, b: number) => [number, number];
    readonly normalize: (a: number, b: number, c: number) => [number, number, number];
    readonly preview: (a: number, b: number, c: number) => [number, number, number];
    readonly profiles: () => [number, number, number];
    readonly rules: () => [number, number, number];
    readonly upgradeCheck: (a: number, b: number, c: number) => [number, number, number];
    readonly version: () => [number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
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
