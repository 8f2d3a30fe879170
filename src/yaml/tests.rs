use super::*;

fn parse(text: &str) -> Vec<Document> {
    let index = LineIndex::new(text);
    parse_stream(&index)
}

fn root(text: &str) -> Node {
    let docs = parse(text);
    let doc = docs.into_iter().next();
    doc.and_then(|d| d.root).unwrap_or(Node {
        value: Value::Null,
        span: ByteSpan::default(),
    })
}

fn slice(text: &str, span: ByteSpan) -> &str {
    text.get(span.start as usize..span.end as usize)
        .unwrap_or("<out of range>")
}

#[test]
fn keys_and_values_keep_their_ranges() {
    let text = "kind: Gateway\nspec:\n  listeners:\n  - name: \"http\"\n    port: 80\n";
    let root = root(text);
    let spec = root.get("spec").cloned().unwrap_or(root.clone());
    let listeners = spec.get("listeners").cloned().unwrap_or(spec.clone());
    let Value::Seq(items) = &listeners.value else {
        unreachable!("listeners is a sequence")
    };
    let first = items.first().cloned().unwrap_or(listeners.clone());
    let name = first.entry("name").cloned();
    assert_eq!(name.as_ref().map(|e| slice(text, e.key_span)), Some("name"));
    assert_eq!(
        name.as_ref().map(|e| slice(text, e.value.span)),
        Some("\"http\"")
    );
    assert_eq!(
        first.get("port").map(|n| n.value.clone()),
        Some(Value::Int(80))
    );
    assert_eq!(slice(text, first.span), "name: \"http\"\n    port: 80");
}

#[test]
fn non_ascii_text_maps_to_exact_bytes() {
    let text = "metadata:\n  annotations:\n    note: \"héllo 😀\"\n    other: x\n";
    let root = root(text);
    let other = root
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.entry("other"))
        .cloned();
    assert_eq!(
        other.map(|e| slice(text, e.key_span).to_owned()),
        Some("other".to_owned())
    );
}

#[test]
fn a_syntax_error_spares_the_other_documents() {
    let text = "a: 1\n---\nb: [1, 2\n---\nc: 3\n";
    let docs = parse(text);
    assert_eq!(docs.len(), 3);
    assert!(docs.first().is_some_and(|d| d.root.is_some()));
    let broken = docs.get(1);
    assert!(broken.is_some_and(|d| d.root.is_none()));
    assert!(broken.is_some_and(|d| d.problems.iter().any(|p| p.kind == ProblemKind::Syntax)));
    assert!(docs
        .get(2)
        .is_some_and(|d| d.root.as_ref().and_then(|r| r.get("c")).is_some()));
}

#[test]
fn duplicate_keys_are_reported_and_the_last_wins() {
    let text = "a: 1\nb: 2\na: 3\n";
    let docs = parse(text);
    let doc = docs.first();
    let problems: Vec<_> = doc.map(|d| d.problems.clone()).unwrap_or_default();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems.first().map(|p| p.message.as_str()),
        Some("line 3: key \"a\" already set in map")
    );
    assert_eq!(problems.first().map(|p| slice(text, p.span)), Some("a"));
    let value = doc
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.get("a"))
        .map(|n| n.value.clone());
    assert_eq!(value, Some(Value::Int(3)));
}

#[test]
fn aliases_and_merge_keys_expand() {
    let text = "base: &b {p: 1, q: 2}\nuse:\n  <<: *b\n  q: 3\nref: *b\n";
    let root = root(text);
    let used = root.get("use").cloned().unwrap_or(root.clone());
    assert_eq!(used.get("p").map(|n| n.value.clone()), Some(Value::Int(1)));
    assert_eq!(used.get("q").map(|n| n.value.clone()), Some(Value::Int(3)));
    let reference = root.get("ref").cloned().unwrap_or(root.clone());
    assert_eq!(slice(text, reference.span), "*b");
    let base = root.get("base").map(|n| slice(text, n.span).to_owned());
    assert_eq!(base.as_deref(), Some("{p: 1, q: 2}"));
}

#[test]
fn only_a_plain_merge_key_merges() {
    // A quoted "<<" (and every JSON key) is an ordinary key, as in go-yaml: nothing is lost.
    for text in [
        "{\"a\": {\"<<\": \"x\"}}",
        "a:\n  \"<<\": x\n",
        "a:\n  '<<': x\n",
    ] {
        let a = root(text).get("a").cloned();
        let kept = a
            .as_ref()
            .and_then(|a| a.get("<<"))
            .map(|n| n.value.clone());
        assert_eq!(kept, Some(Value::String("x".into())), "{text}");
    }
    let merged = root("a:\n  <<: {p: 1}\n").get("a").cloned();
    assert_eq!(
        merged
            .as_ref()
            .and_then(|a| a.get("p"))
            .map(|n| n.value.clone()),
        Some(Value::Int(1))
    );
    assert!(merged.as_ref().and_then(|a| a.get("<<")).is_none());
}

#[test]
fn alias_bombs_stop_at_the_budget() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let docs = parse(&text);
    let doc = docs.first();
    assert!(doc.is_some_and(|d| d.root.is_none()));
    assert!(doc.is_some_and(|d| d.problems.iter().any(|p| p.kind == ProblemKind::AliasLimit)));
}

#[test]
fn deep_nesting_is_bounded() {
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let docs = parse(&text);
    assert!(docs
        .first()
        .is_some_and(|d| d.problems.iter().any(|p| p.kind == ProblemKind::TooDeep)));
}

#[test]
fn y_is_a_boolean_key_as_in_yaml_1_1() {
    let root = root("y: 1\n");
    assert!(root.get("true").is_some());
}

#[test]
fn json_is_yaml() {
    let text = "{\"kind\": \"Gateway\", \"spec\": {\"listeners\": [{\"port\": 80}]}}";
    let root = root(text);
    assert_eq!(root.get_str("kind"), Some("Gateway"));
    assert_eq!(slice(text, root.span), text);
}

#[test]
fn non_string_keys_are_reported() {
    let docs = parse("1: a\ntrue: b\n");
    let kinds: Vec<_> = docs
        .first()
        .map(|d| d.problems.iter().map(|p| p.kind.clone()).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds,
        vec![ProblemKind::NonStringKey, ProblemKind::NonStringKey]
    );
    let root = docs.into_iter().next().and_then(|d| d.root);
    assert!(root
        .as_ref()
        .is_some_and(|r| r.get("1").is_some() && r.get("true").is_some()));
}

#[test]
fn crlf_bom_and_tabs() {
    let text = "\u{feff}kind: Gateway\r\nspec: {}\r\n";
    let root = root(text);
    let kind = root.entry("kind").cloned();
    assert_eq!(
        kind.map(|e| slice(text, e.value.span).to_owned()),
        Some("Gateway".to_owned())
    );
    let docs = parse("a:\n\t- b\n");
    assert!(docs.first().is_some_and(|d| !d.problems.is_empty()));
}

#[test]
fn quoted_scalars_stay_strings() {
    let root = root("a: \"yes\"\nb: '012'\nc: yes\nd: !!str 12\n");
    assert_eq!(
        root.get("a").map(|n| n.value.clone()),
        Some(Value::String("yes".into()))
    );
    assert_eq!(
        root.get("b").map(|n| n.value.clone()),
        Some(Value::String("012".into()))
    );
    assert_eq!(
        root.get("c").map(|n| n.value.clone()),
        Some(Value::Bool(true))
    );
    assert_eq!(
        root.get("d").map(|n| n.value.clone()),
        Some(Value::String("12".into()))
    );
}

#[test]
fn documents_over_the_request_limit_are_not_parsed() {
    let text = format!("a: 1\n---\nb: \"{}\"\n", "x".repeat(MAX_DOCUMENT_BYTES));
    let docs = parse(&text);
    assert!(docs.first().is_some_and(|d| d.root.is_some()));
    let big = docs.get(1);
    assert!(big.is_some_and(|d| d.root.is_none()));
    assert!(big.is_some_and(|d| d.problems.iter().any(|p| p.kind == ProblemKind::TooLarge)));
}

#[test]
fn large_mappings_find_duplicates_and_merges_as_small_ones_do() {
    for size in [3usize, 15, 16, 17, 40] {
        let mut text = String::from("base: &b\n");
        for i in 0..size {
            text.push_str(&format!("  m{i}: {i}\n"));
        }
        text.push_str("top:\n  <<: *b\n");
        for i in 0..size {
            text.push_str(&format!("  k{i}: {i}\n"));
        }
        text.push_str("  k1: again\n  m0: own\n");
        let docs = parse(&text);
        let doc = docs.first();
        let problems: Vec<&str> = doc
            .map(|d| d.problems.iter().map(|p| p.message.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(problems.len(), 1, "size {size}: {problems:?}");
        assert!(problems
            .first()
            .is_some_and(|p| p.ends_with("key \"k1\" already set in map")));
        let top = doc.and_then(|d| d.root.as_ref()).and_then(|r| r.get("top"));
        let entries = top.and_then(|t| t.value.as_map()).unwrap_or_default();
        // Own keys, then the merged ones the mapping does not set itself.
        assert_eq!(entries.len(), 2 * size, "size {size}");
        assert_eq!(
            top.and_then(|t| t.get("k1")).map(|n| n.value.clone()),
            Some(Value::String("again".into()))
        );
        assert_eq!(
            top.and_then(|t| t.get("m0")).map(|n| n.value.clone()),
            Some(Value::String("own".into()))
        );
    }
}
