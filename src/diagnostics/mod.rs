//! Diagnostics: what gwlint reports, in the shape every consumer (JS, CLI, editors) receives.
//!
//! Checks produce [`Finding`]s with byte spans; [`Diagnostic`]s carry editor positions
//! (0-based lines, UTF-16 columns) and UTF-16 offsets, computed once from the [`LineIndex`].

pub mod suggest;
pub mod suppress;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::source::{ByteSpan, LineIndex, Offsets, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

/// Which stage found the problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Syntax,
    Schema,
    Cel,
    Evaluation,
    Profile,
    /// A user's ValidatingAdmissionPolicy (the `policies` option or policies in the input).
    Policy,
}

/// How an implementation enforces a profile constraint, and how a violation surfaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum Enforcement {
    /// The controller writes a status condition (e.g. a route's `Accepted=False`).
    StatusCondition,
    /// The controller emits a Warning Event `FailedBuildModel` and builds nothing; the route's
    /// conditions may still read `Accepted=True`.
    EventFailedBuildModel,
    /// The controller emits a Warning Event `FailedDeployModel` (the cloud API rejected what
    /// it built); conditions may still read `Accepted=True`.
    EventFailedDeployModel,
    /// The API server rejects the object (CRD schema or CEL).
    ApiServer,
    /// Only the implementation's documentation states it; the controller does not check it.
    Documented,
    /// The controller silently ignores the field: nothing surfaces.
    Ignored,
}

/// One step of a path into a resource: a key, or an index into a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(untagged)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

/// The Kubernetes-style field path of a path: `spec.rules[0].backendRefs[1].port`.
pub fn field_path(path: &[PathSegment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            PathSegment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            PathSegment::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// The object a diagnostic is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ResourceRef {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// 0-based index of the document in the stream.
    pub document_index: usize,
}

/// A problem found by a check, before positions are converted for editors.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub source: Source,
    pub message: String,
    pub path: Vec<PathSegment>,
    pub span: ByteSpan,
    pub resource: Option<ResourceRef>,
    pub help: Option<String>,
    /// Profile findings: the implementation's docs page for the constraint.
    pub docs_url: Option<&'static str>,
    /// Profile findings: how the implementation enforces the constraint.
    pub enforcement: Option<Enforcement>,
    /// Edits that would fix it (byte spans into the text, like `span`).
    pub fixes: Vec<FindingFix>,
    /// Other places that matter to it (a policy's expression, its binding).
    pub related: Vec<FindingRelated>,
}

/// Another place that matters to a finding, before positions are converted.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingRelated {
    pub message: String,
    pub at: RelatedAt,
}

/// Where a related place is: a span of the linted text, or a place in the `policies` option's
/// text, already converted by that text's own [`LineIndex`].
#[derive(Clone, Debug, PartialEq)]
pub enum RelatedAt {
    Input(ByteSpan),
    Policies(Range, Offsets),
}

/// A fix before positions are converted: a title and the replacements it makes.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingFix {
    pub title: String,
    pub edits: Vec<(ByteSpan, String)>,
}

impl FindingFix {
    /// Shifts the fix's spans by `delta` bytes.
    pub fn shift(&mut self, delta: u32) {
        for (span, _) in &mut self.edits {
            *span = span.shift(delta);
        }
    }
}

impl Finding {
    pub fn new(
        code: &'static str,
        severity: Severity,
        source: Source,
        message: impl Into<String>,
        span: ByteSpan,
    ) -> Self {
        Self {
            code,
            severity,
            source,
            message: message.into(),
            path: Vec::new(),
            span,
            resource: None,
            help: None,
            docs_url: None,
            enforcement: None,
            fixes: Vec::new(),
            related: Vec::new(),
        }
    }

    /// Adds a related place.
    pub fn with_related(mut self, message: impl Into<String>, at: RelatedAt) -> Self {
        self.related.push(FindingRelated {
            message: message.into(),
            at,
        });
        self
    }

    /// Adds a fix that replaces `span` with `text`.
    pub fn with_fix(
        mut self,
        title: impl Into<String>,
        span: ByteSpan,
        text: impl Into<String>,
    ) -> Self {
        self.fixes.push(FindingFix {
            title: title.into(),
            edits: vec![(span, text.into())],
        });
        self
    }

    pub fn with_path(mut self, path: Vec<PathSegment>) -> Self {
        self.path = path;
        self
    }

    pub fn with_resource(mut self, resource: Option<ResourceRef>) -> Self {
        self.resource = resource;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn into_diagnostic(self, index: &LineIndex<'_>) -> Diagnostic {
        let field_path = if self.path.is_empty() {
            None
        } else {
            Some(field_path(&self.path))
        };
        Diagnostic {
            code: self.code.to_owned(),
            severity: self.severity,
            source: self.source,
            message: self.message,
            field_path,
            path: self.path,
            range: index.range(self.span),
            offsets: index.offsets(self.span),
            resource: self.resource,
            help: self.help,
            docs_url: self.docs_url.map(str::to_owned),
            enforcement: self.enforcement,
            fixes: self
                .fixes
                .into_iter()
                .map(|fix| Fix {
                    title: fix.title,
                    edits: fix
                        .edits
                        .into_iter()
                        .map(|(span, new_text)| TextEdit {
                            range: index.range(span),
                            offsets: index.offsets(span),
                            new_text,
                        })
                        .collect(),
                })
                .collect(),
            related: self
                .related
                .into_iter()
                .map(|r| {
                    let (document, range, offsets) = match r.at {
                        RelatedAt::Input(span) => (
                            RelatedDocument::Input,
                            index.range(span),
                            index.offsets(span),
                        ),
                        RelatedAt::Policies(range, offsets) => {
                            (RelatedDocument::Policies, range, offsets)
                        }
                    };
                    Related {
                        message: r.message,
                        document,
                        range,
                        offsets,
                    }
                })
                .collect(),
        }
    }
}

/// The text a related place is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum RelatedDocument {
    /// The linted text.
    Input,
    /// The `policies` option's text.
    Policies,
}

/// Another place that matters to a diagnostic, as LSP's `DiagnosticRelatedInformation`: for a
/// policy decision, the policy's expression and the binding.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Related {
    /// What is there, e.g. `ValidatingAdmissionPolicy 'p': spec.validations[0].expression`.
    pub message: String,
    /// Which text `range` and `offsets` are in.
    pub document: RelatedDocument,
    /// 0-based line; character in UTF-16 code units, as LSP counts.
    pub range: Range,
    /// UTF-16 offsets into that text.
    pub offsets: Offsets,
}

/// A fix: what it does, and the edits that do it (apply them all; they do not overlap).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// E.g. `Change to "gatewayClassName"`.
    pub title: String,
    pub edits: Vec<TextEdit>,
}

/// Replace the text at `range` (and `offsets`) with `newText`, as an LSP `TextEdit`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TextEdit {
    pub range: Range,
    pub offsets: Offsets,
    pub new_text: String,
}

/// A diagnostic as consumers receive it.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Diagnostic {
    /// Stable identifier of the check, e.g. `schema/required`.
    pub code: String,
    pub severity: Severity,
    pub source: Source,
    /// The message, worded as the API server words it where it has a wording.
    pub message: String,
    /// Kubernetes-style field path (`spec.rules[0].backendRefs[1].port`), or null.
    pub field_path: Option<String>,
    /// The same path as keys and indices.
    pub path: Vec<PathSegment>,
    /// 0-based line; character in UTF-16 code units, as LSP counts.
    pub range: Range,
    /// UTF-16 offsets: `text.slice(offsets.start, offsets.end)` is the flagged text.
    pub offsets: Offsets,
    pub resource: Option<ResourceRef>,
    pub help: Option<String>,
    /// Profile diagnostics only: the implementation's documentation of the constraint.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub docs_url: Option<String>,
    /// Profile diagnostics only: whether the controller enforces the constraint and how a
    /// violation surfaces (status condition, Warning Event, API server), or that it is only
    /// documented, or silently ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub enforcement: Option<Enforcement>,
    /// Fixes for the problem, when gwlint knows one (a misspelt field or value).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[tsify(optional)]
    pub fixes: Vec<Fix>,
    /// Policy diagnostics: related places (the policy's expression, the binding), as LSP's
    /// `relatedInformation`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[tsify(optional)]
    pub related: Vec<Related>,
}
