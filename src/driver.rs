//! The driver: runs the stages in order and keeps what an edit does not reach.
//!
//! ```text
//! split(text) -> per document: parse -> lint_local        (cached by the document's text)
//!             -> across documents: release, profile checks -> objects -> evaluate -> profile status
//! ```
//!
//! [`Linter`] holds the per-document results of its last call, keyed by each document's text.
//! A document whose text is unchanged is neither parsed nor validated again, wherever it moved:
//! its results are relative to the document and are placed in the stream when the result is
//! assembled. Only the stages that look across documents run again on every call. What the
//! cache holds is replaced by each call, so it stays bounded by the current text.
//!
//! The stateless functions ([`crate::lint`], [`crate::evaluate`]) run a fresh `Linter`, so they
//! give the same results by construction.

use std::collections::HashMap;
use std::rc::Rc;

use crate::cel::CelContext;

use crate::diagnostics::suppress::{self, Suppressions};
use crate::diagnostics::{Diagnostic, Finding, PathSegment, ResourceRef, Severity, Source};
use crate::evaluate::EvaluateResult;
use crate::lint::{
    finish, lint_local, previous_objects, resolve_release, too_large, Analysis, LintResult,
    LocalContext, LocalLint, ObjectKey, ResourceSummary, MAX_INPUT_BYTES,
};
use crate::model::Model;
use crate::options::{LintOptions, References};
use crate::schema::{Registry, NEWEST_RELEASE};
use crate::source::{ByteSpan, LineIndex};
use crate::status::Absence;
use crate::yaml::{parse_document, shift_quoted_line, split_documents, Chunk, Document, Node};

/// One document's cached work: its text, its tree (defaulted by lint), and what lint found, all
/// relative to the document.
struct Cached {
    text: String,
    release: &'static str,
    document: Document,
    local: LocalLint,
}

/// An incremental linter: lint and evaluate successive versions of a text (an editor's buffer),
/// re-doing only the documents that changed. Results equal the stateless functions' for the same
/// text and options.
pub struct Linter {
    options: LintOptions,
    previous: HashMap<ObjectKey, Node>,
    cel: CelContext,
    /// The documents of the last call, in stream order.
    documents: Vec<Cached>,
    /// The last evaluation and the text it was of: a preview of the same text draws it instead
    /// of evaluating again.
    last_evaluation: Option<(String, Rc<EvaluateResult>)>,
}

/// The documents of one call, placed in the stream.
struct Placed {
    chunks: Vec<Chunk>,
    release: &'static str,
}

impl Linter {
    pub fn new(options: LintOptions) -> Self {
        let previous = options
            .previous
            .as_deref()
            .map(|text| previous_objects(text, &options))
            .unwrap_or_default();
        Self {
            options,
            previous,
            cel: CelContext::default(),
            documents: Vec::new(),
            last_evaluation: None,
        }
    }

    pub fn options(&self) -> &LintOptions {
        &self.options
    }

    /// Replaces the options; results cached under other options are dropped.
    pub fn set_options(&mut self, options: LintOptions) {
        if options != self.options {
            *self = Linter::new(options);
        }
    }

    /// Lints `text`, reusing the results of every document unchanged since the last call.
    pub fn lint(&mut self, text: &str) -> LintResult {
        let mut result = self.lint_all(text);
        select_rules(&mut result.diagnostics, text, &self.options);
        result
    }

    fn lint_all(&mut self, text: &str) -> LintResult {
        if crate::profile::get(self.options.profile).is_some()
            || crate::admission::wanted(&self.options, text)
        {
            // Profile checks and admission policies read the trees across documents.
            return self.analyze(text).into_result();
        }
        let index = LineIndex::new(text);
        if text.len() > MAX_INPUT_BYTES {
            self.documents.clear();
            return too_large_analysis(index).into_result();
        }
        let placed = self.update(text, None);
        let (mut findings, mut resources) =
            place_all(self.documents.iter().map(|c| &c.local), &placed.chunks);
        let names: Vec<Option<ByteSpan>> = self
            .documents
            .iter()
            .zip(&placed.chunks)
            .map(|(cached, chunk)| {
                name_span(&cached.document)
                    .map(|s| s.shift(u32::try_from(chunk.start).unwrap_or(u32::MAX)))
            })
            .collect();
        mark_absent(&index, &names, &mut findings, &mut resources);
        finish(&index, findings, resources, placed.release)
    }

    /// Lints, then evaluates `text` (status, effective policies, topology).
    pub fn evaluate(&mut self, text: &str) -> EvaluateResult {
        EvaluateResult::clone(&self.evaluate_shared(text))
    }

    /// [`Linter::evaluate`], shared with the linter, which keeps the last one: asked again for
    /// the same text (a preview after an evaluation), it evaluates nothing.
    pub fn evaluate_shared(&mut self, text: &str) -> Rc<EvaluateResult> {
        match self.last_evaluation_of(text) {
            Some(result) => result,
            None => self.evaluate_fresh(text).0,
        }
    }

    /// The evaluation of `text` (see [`Linter::evaluate_shared`]) and its documents (copies of
    /// the cached trees, with spans into the whole text): what a preview draws.
    pub fn evaluate_with_documents(&mut self, text: &str) -> (Rc<EvaluateResult>, Vec<Document>) {
        let Some(result) = self.last_evaluation_of(text) else {
            return self.evaluate_fresh(text);
        };
        if text.len() > MAX_INPUT_BYTES {
            return (result, Vec::new());
        }
        // Every document is cached since that evaluation: this only places them.
        let placed = self.update(text, None);
        (result, self.placed_documents(&placed))
    }

    /// The kept evaluation, if it is of `text`.
    fn last_evaluation_of(&self, text: &str) -> Option<Rc<EvaluateResult>> {
        match &self.last_evaluation {
            Some((last, result)) if last == text => Some(Rc::clone(result)),
            _ => None,
        }
    }

    /// Evaluates `text` and keeps the result; returns it with the analysis's documents.
    fn evaluate_fresh(&mut self, text: &str) -> (Rc<EvaluateResult>, Vec<Document>) {
        let options = self.options.clone();
        let analysis = self.analyze(text);
        let mut result = evaluate_analysis(&analysis, &options);
        select_rules(&mut result.diagnostics, text, &options);
        let result = Rc::new(result);
        self.last_evaluation = Some((text.to_owned(), Rc::clone(&result)));
        (result, analysis.documents)
    }

    /// Lints `text` and returns the analysis with the documents (copies of the cached trees,
    /// with spans into the whole text) for the stages above lint.
    pub fn analyze<'t>(&mut self, text: &'t str) -> Analysis<'t> {
        let index = LineIndex::new(text);
        if text.len() > MAX_INPUT_BYTES {
            self.documents.clear();
            return too_large_analysis(index);
        }
        let placed = self.update(text, None);
        let documents = self.placed_documents(&placed);
        self.assemble(index, placed, documents)
    }

    /// Copies of the cached trees, placed in the stream as `placed` says.
    fn placed_documents(&self, placed: &Placed) -> Vec<Document> {
        self.documents
            .iter()
            .zip(&placed.chunks)
            .enumerate()
            .map(|(i, (cached, chunk))| absolute(cached.document.clone(), i, chunk))
            .collect()
    }

    /// [`Linter::analyze`] for a linter used once: the documents are moved out, not copied.
    /// With `originals`, it also receives each document as written (before defaults), parsed
    /// once with the rest.
    fn into_analysis<'t>(
        mut self,
        text: &'t str,
        originals: Option<&mut Vec<Document>>,
    ) -> Analysis<'t> {
        let index = LineIndex::new(text);
        if text.len() > MAX_INPUT_BYTES {
            return too_large_analysis(index);
        }
        let mut written = Vec::new();
        let placed = self.update(text, originals.is_some().then_some(&mut written));
        if let Some(originals) = originals {
            *originals = written
                .into_iter()
                .zip(&placed.chunks)
                .enumerate()
                .map(|(i, (document, chunk))| absolute(document, i, chunk))
                .collect();
        }
        let documents = std::mem::take(&mut self.documents);
        let mut locals = Vec::with_capacity(documents.len());
        let documents = documents
            .into_iter()
            .zip(&placed.chunks)
            .enumerate()
            .map(|(i, (cached, chunk))| {
                locals.push(cached.local);
                absolute(cached.document, i, chunk)
            })
            .collect();
        let (findings, resources) = place_all(locals.iter(), &placed.chunks);
        self.cross_document(index, placed.release, findings, resources, documents)
    }

    fn assemble<'t>(
        &self,
        index: LineIndex<'t>,
        placed: Placed,
        documents: Vec<Document>,
    ) -> Analysis<'t> {
        let (findings, resources) =
            place_all(self.documents.iter().map(|c| &c.local), &placed.chunks);
        self.cross_document(index, placed.release, findings, resources, documents)
    }

    /// The checks that read several documents: duplicates and what the API server rejects,
    /// then the implementation profile's.
    fn cross_document<'t>(
        &self,
        index: LineIndex<'t>,
        release: &'static str,
        mut findings: Vec<Finding>,
        mut resources: Vec<ResourceSummary>,
        mut documents: Vec<Document>,
    ) -> Analysis<'t> {
        let names: Vec<Option<ByteSpan>> = documents.iter().map(name_span).collect();
        crate::profile::check(
            &self.options,
            release,
            &mut documents,
            &mut resources,
            &mut findings,
        );
        // Admission policies see only the objects the API server's validation admits (after
        // the profile: its own CRDs' schema and CEL errors reject objects too).
        if crate::admission::wanted(&self.options, index.text()) {
            crate::admission::check(
                &self.options,
                release,
                index.text(),
                &documents,
                &rejected_documents(&findings, false),
                &self.previous,
                &mut findings,
            );
        }
        // What validation or a policy's denial rejects is not in the cluster.
        mark_absent(&index, &names, &mut findings, &mut resources);
        Analysis {
            index,
            findings,
            resources,
            release,
            documents,
        }
    }

    /// Brings the cache up to `text`: every document of the stream, in order, parsed and linted
    /// under the release the whole stream resolves to, reusing unchanged documents.
    /// With `originals`, each document is also pushed there as written, before lint defaults it.
    fn update(&mut self, text: &str, mut originals: Option<&mut Vec<Document>>) -> Placed {
        let chunks = split_documents(text);
        let mut old: Vec<Option<Cached>> = std::mem::take(&mut self.documents)
            .into_iter()
            .map(Some)
            .collect();
        let mut by_text: HashMap<u64, Vec<usize>> = HashMap::with_capacity(old.len());
        // Later duplicates first out, so the first copy is taken first.
        for (i, cached) in old.iter().enumerate().rev() {
            if let Some(cached) = cached {
                by_text.entry(text_hash(&cached.text)).or_default().push(i);
            }
        }
        // Stage 1: every document parsed (or taken from the cache).
        enum Slot {
            Reused(Cached),
            Parsed(String, Document),
        }
        let mut slots = Vec::with_capacity(chunks.len());
        for (i, chunk) in chunks.iter().enumerate() {
            let piece = text.get(chunk.start..chunk.end).unwrap_or("");
            let reused = by_text.get_mut(&text_hash(piece)).and_then(|candidates| {
                let at = candidates.iter().rposition(|&at| {
                    old.get(at)
                        .and_then(Option::as_ref)
                        .is_some_and(|c| c.text == piece)
                })?;
                let at = candidates.remove(at);
                old.get_mut(at).and_then(Option::take)
            });
            slots.push(match reused {
                Some(cached) => Slot::Reused(cached),
                None => Slot::Parsed(piece.to_owned(), parse_document(piece, i)),
            });
        }
        drop(by_text);
        drop(old);
        // Stage 2: the release, which may be named by any document.
        let release = resolve_release(
            self.options.gateway_api,
            slots.iter().map(|slot| match slot {
                Slot::Reused(cached) => cached.document.root.as_ref(),
                Slot::Parsed(_, doc) => doc.root.as_ref(),
            }),
        );
        // Stage 3: lint each document not linted under this release.
        let registry = Registry::get();
        let ctx = LocalContext {
            release,
            options: &self.options,
            registry,
            cel: &self.cel,
            previous: &self.previous,
        };
        self.documents = slots
            .into_iter()
            .enumerate()
            .map(|(i, slot)| {
                let (text, mut document) = match slot {
                    Slot::Reused(cached) if cached.release == release && originals.is_none() => {
                        return cached
                    }
                    Slot::Reused(cached) => {
                        let document = parse_document(&cached.text, i);
                        (cached.text, document)
                    }
                    Slot::Parsed(text, document) => (text, document),
                };
                if let Some(originals) = originals.as_deref_mut() {
                    originals.push(document.clone());
                }
                let local = lint_local(&mut document, &ctx);
                Cached {
                    text,
                    release,
                    document,
                    local,
                }
            })
            .collect();
        Placed { chunks, release }
    }
}

/// Lints a multi-document YAML or JSON text. Never fails on input: problems become diagnostics.
pub fn lint(text: &str, options: &LintOptions) -> LintResult {
    Linter::new(options.clone()).lint(text)
}

/// Lints and returns the analysis (the documents kept for the stages above lint).
pub fn analyze<'t>(text: &'t str, options: &LintOptions) -> Analysis<'t> {
    Linter::new(options.clone()).into_analysis(text, None)
}

/// [`analyze`], and the documents as written (before defaults), from the same parse: what
/// normalize and convert compare.
pub fn analyze_with_originals<'t>(
    text: &'t str,
    options: &LintOptions,
) -> (Analysis<'t>, Vec<Document>) {
    let mut originals = Vec::new();
    let analysis = Linter::new(options.clone()).into_analysis(text, Some(&mut originals));
    (analysis, originals)
}

/// Lints, then evaluates: the status a conformant controller would write.
pub fn evaluate(text: &str, options: &LintOptions) -> EvaluateResult {
    let mut result = evaluate_analysis(&analyze(text, options), options);
    select_rules(&mut result.diagnostics, text, options);
    result
}

/// [`evaluate`], and the documents as written (before defaults) from the same parse: what the
/// preview describes.
pub fn evaluate_with_originals(
    text: &str,
    options: &LintOptions,
) -> (EvaluateResult, Vec<Document>) {
    let (analysis, originals) = analyze_with_originals(text, options);
    let mut result = evaluate_analysis(&analysis, options);
    select_rules(&mut result.diagnostics, text, options);
    (result, originals)
}

/// The last step of every result: the `rules` option and the suppression comments.
fn select_rules(diagnostics: &mut Vec<Diagnostic>, text: &str, options: &LintOptions) {
    if text.len() > MAX_INPUT_BYTES {
        return;
    }
    suppress::apply(diagnostics, &options.rules, &Suppressions::scan(text));
}

/// The stages above lint, in order: the object model, evaluation (with the controller name the
/// option or the profile gives Gateways whose GatewayClass is not in the input), then the
/// profile's adjustment of the status (as its controller writes it).
fn evaluate_analysis(analysis: &Analysis<'_>, options: &LintOptions) -> EvaluateResult {
    let controller_name = options
        .controller_name
        .clone()
        .or_else(|| crate::profile::controller_name(options))
        .unwrap_or_else(|| crate::evaluate::DEFAULT_CONTROLLER_NAME.to_owned());
    let model = Model::new(&analysis.documents, &analysis.resources);
    let missing = match options.references {
        References::Warning => Severity::Warning,
        References::Error => Severity::Error,
    };
    let mut result =
        crate::evaluate::evaluate_model_with(analysis, &model, &controller_name, missing);
    crate::profile::adjust_evaluation(&model, options, &mut result);
    result
}

/// Where a document names its object (`metadata.name`'s value), in the document's coordinates.
fn name_span(document: &Document) -> Option<ByteSpan> {
    let root = document.root.as_ref()?;
    root.get("metadata")
        .and_then(|m| m.get("name"))
        .map(|n| n.span)
        .or_else(|| root.entry("kind").map(|e| e.key_span))
}

/// The documents whose object the API server rejects: an error that blocks it (syntax, schema
/// or CEL; not evaluation or profile findings), and with `denials` a policy's denial (validating
/// admission runs after validation).
fn rejected_documents(findings: &[Finding], denials: bool) -> std::collections::HashSet<usize> {
    findings
        .iter()
        .filter(|f| {
            f.severity == Severity::Error
                && (matches!(f.source, Source::Syntax | Source::Schema | Source::Cel)
                    || (denials && f.source == Source::Policy && f.code == "policy/denied"))
        })
        .filter_map(|f| f.resource.as_ref().map(|r| r.document_index))
        .collect()
}

/// Marks the objects that would not exist in the cluster as written: those with an error that
/// blocks admission (syntax, schema or CEL; not evaluation or profile findings) or a policy's
/// denial, then, among the
/// admitted, every definition a later document repeats (same group, kind, namespace and name):
/// `kubectl apply` applies both in order and the later replaces the earlier. The later one gets
/// a warning naming the first's line. `names` holds each document's name span, by index.
fn mark_absent(
    index: &LineIndex<'_>,
    names: &[Option<ByteSpan>],
    findings: &mut Vec<Finding>,
    resources: &mut [ResourceSummary],
) {
    let rejected = rejected_documents(findings, true);
    // The first and the latest admitted definition of each object, by key.
    let mut seen: HashMap<(String, String, String, String), (usize, usize)> = HashMap::new();
    // (the first definition, the one a later one replaces, the later one)
    let mut repeats = Vec::new();
    for (at, resource) in resources.iter_mut().enumerate() {
        if rejected.contains(&resource.document_index) {
            resource.absent = Some(Absence::RejectedByApiServer);
            continue;
        }
        let (Some(api_version), Some(kind), Some(name)) =
            (&resource.api_version, &resource.kind, &resource.name)
        else {
            continue;
        };
        let group = api_version.split_once('/').map_or("", |(g, _)| g);
        let key = (
            group.to_owned(),
            kind.clone(),
            resource.namespace.clone().unwrap_or_default(),
            name.clone(),
        );
        match seen.get_mut(&key) {
            Some((first, latest)) => {
                repeats.push((*first, *latest, at));
                *latest = at;
            }
            None => {
                seen.insert(key, (at, at));
            }
        }
    }
    for (first, earlier, later) in repeats {
        if let Some(resource) = resources.get_mut(earlier) {
            resource.absent = Some(Absence::ReplacedByLater);
        }
        let (Some(first_doc), Some(later_resource)) = (
            resources.get(first).map(|r| r.document_index),
            resources.get(later),
        ) else {
            continue;
        };
        let line = names
            .get(first_doc)
            .copied()
            .flatten()
            .map_or(0, |s| index.line_of(s.start as usize))
            + 1;
        let span = names
            .get(later_resource.document_index)
            .copied()
            .flatten()
            .unwrap_or_default();
        let kind = later_resource.kind.as_deref().unwrap_or_default();
        let name = later_resource.name.as_deref().unwrap_or_default();
        let what = match &later_resource.namespace {
            Some(ns) => format!("{kind} {ns}/{name}"),
            None => format!("{kind} {name}"),
        };
        let resource = ResourceRef {
            api_version: later_resource.api_version.clone(),
            kind: later_resource.kind.clone(),
            namespace: later_resource.namespace.clone(),
            name: later_resource.name.clone(),
            document_index: later_resource.document_index,
        };
        findings.push(
            Finding::new(
                "resource/duplicate",
                Severity::Warning,
                Source::Schema,
                format!("{what} is also defined at line {line}; applied in order, this definition replaces that one"),
                span,
            )
            .with_path(vec![
                PathSegment::Key("metadata".to_owned()),
                PathSegment::Key("name".to_owned()),
            ])
            .with_resource(Some(resource)),
        );
    }
}

/// A fast hash of a document's text (FxHash's multiply-rotate over 8-byte words): the cache
/// compares texts on a hit, so the hash only has to spread them.
fn text_hash(text: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut hash = text.len() as u64;
    let mut words = text.as_bytes().chunks_exact(8);
    for word in words.by_ref() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(bytes)).wrapping_mul(K);
    }
    for &byte in words.remainder() {
        hash = (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
    }
    hash
}

/// A cached tree placed in the stream: spans made absolute, and its index set.
fn absolute(mut document: Document, index: usize, chunk: &Chunk) -> Document {
    document.rebase(chunk.start, chunk.first_line);
    document.index = index;
    document.span = ByteSpan::new(chunk.start, chunk.end);
    document
}

/// The result for input over [`MAX_INPUT_BYTES`]: one finding, nothing parsed.
fn too_large_analysis(index: LineIndex<'_>) -> Analysis<'_> {
    let len = index.text().len();
    Analysis {
        index,
        findings: vec![too_large(len)],
        resources: Vec::new(),
        release: NEWEST_RELEASE,
        documents: Vec::new(),
    }
}

/// Every document's findings and summary placed in the stream, in order.
fn place_all<'l>(
    locals: impl Iterator<Item = &'l LocalLint>,
    chunks: &[Chunk],
) -> (Vec<Finding>, Vec<ResourceSummary>) {
    let mut findings = Vec::new();
    let mut resources = Vec::new();
    for (i, (local, chunk)) in locals.zip(chunks).enumerate() {
        place(local, i, chunk, &mut findings, &mut resources);
    }
    (findings, resources)
}

/// Places one document's findings and summary in the stream: spans moved to the document's
/// offset, line numbers quoted in messages moved to its first line, and its index set.
fn place(
    local: &LocalLint,
    index: usize,
    chunk: &Chunk,
    findings: &mut Vec<Finding>,
    resources: &mut Vec<ResourceSummary>,
) {
    let delta = u32::try_from(chunk.start).unwrap_or(u32::MAX);
    for finding in &local.findings {
        let mut finding = finding.clone();
        finding.span = finding.span.shift(delta);
        for fix in &mut finding.fixes {
            fix.shift(delta);
        }
        if finding.code == "syntax/duplicate-key" && chunk.first_line > 0 {
            finding.message = shift_quoted_line(&finding.message, chunk.first_line);
        }
        if let Some(resource) = &mut finding.resource {
            resource.document_index = index;
        }
        findings.push(finding);
    }
    if let Some(summary) = &local.summary {
        let mut summary = summary.clone();
        summary.document_index = index;
        resources.push(summary);
    }
}
