//! YAML nodes as CEL values, with the property-name escaping Kubernetes applies: a property that is
//! a CEL reserved word is reachable as `__word__` (`self.__namespace__`), and `_`, `.`, `-`, `/`
//! in names are escaped as `__underscores__`, `__dot__`, `__dash__`, `__slash__`.

use std::borrow::Cow;

/// Words CEL reserves; Kubernetes exposes properties with these names as `__word__`.
const RESERVED: [&str; 21] = [
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

/// The name under which CEL sees property `name` (Kubernetes' escaping rules).
pub fn escape_property(name: &str) -> String {
    escaped_property(name).into_owned()
}

/// [`escape_property`], borrowing `name` when it needs no escaping (most names).
pub fn escaped_property(name: &str) -> Cow<'_, str> {
    if RESERVED.contains(&name) {
        return Cow::Owned(format!("__{name}__"));
    }
    if !name.contains(['_', '.', '-', '/']) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("__") {
            out.push_str("__underscores__");
            rest = rest.get(2..).unwrap_or("");
            continue;
        }
        match c {
            '.' => out.push_str("__dot__"),
            '-' => out.push_str("__dash__"),
            '/' => out.push_str("__slash__"),
            c => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_names_are_escaped_as_kubernetes_does() {
        assert_eq!(escape_property("namespace"), "__namespace__");
        assert_eq!(escape_property("name"), "name");
        assert_eq!(escape_property("a.b-c/d"), "a__dot__b__dash__c__slash__d");
        assert_eq!(escape_property("x__y"), "x__underscores__y");
    }
}
