//! A strict little XML reader for the preview tests: elements, attributes, text, the five
//! predefined entities and character references. No DTD, no comments, no CDATA, no processing
//! instructions: the SVG gwlint writes has none, so meeting one is an error too.

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The text directly inside, entity references decoded.
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// This element and all below it, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.descendants());
        }
        out
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn error<T>(&self, what: &str) -> Result<T, String> {
        let context: String = self.rest().chars().take(40).collect();
        Err(format!("{what} at byte {}: {context:?}", self.at))
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start_matches([' ', '\t', '\n', '\r']);
        self.at = self.text.len() - trimmed.len();
    }

    fn name(&mut self) -> Result<String, String> {
        let len: usize = self
            .rest()
            .chars()
            .take_while(|&c| is_name_char(c))
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            return self.error("expected a name");
        }
        let name = self.rest()[..len].to_owned();
        self.at += len;
        Ok(name)
    }

    /// Reads character data up to `stop`, decoding references.
    fn chars_until(&mut self, stop: &[char], in_attribute: bool) -> Result<String, String> {
        let mut out = String::new();
        loop {
            let Some(c) = self.rest().chars().next() else {
                return Ok(out);
            };
            if stop.contains(&c) {
                return Ok(out);
            }
            if !is_xml_char(c) {
                return self.error("a character XML forbids");
            }
            if c == '<' {
                return self.error("'<' in an attribute value");
            }
            if c == '&' {
                let end = match self.rest().find(';') {
                    Some(end) => end,
                    None => return self.error("an unterminated reference"),
                };
                let reference = &self.rest()[1..end];
                let decoded = match reference {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    r if r.starts_with("#x") => u32::from_str_radix(&r[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or_else(|| format!("bad reference &{r};"))?,
                    r if r.starts_with('#') => r[1..]
                        .parse::<u32>()
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or_else(|| format!("bad reference &{r};"))?,
                    r => return self.error(&format!("an unknown entity &{r};")),
                };
                out.push(decoded);
                self.at += end + 1;
                continue;
            }
            if !in_attribute && self.rest().starts_with("]]>") {
                return self.error("']]>' in text");
            }
            out.push(c);
            self.at += c.len_utf8();
        }
    }

    fn element(&mut self) -> Result<Element, String> {
        if !self.eat("<") {
            return self.error("expected '<'");
        }
        let name = self.name()?;
        let mut attributes: Vec<(String, String)> = Vec::new();
        loop {
            let before = self.at;
            self.skip_space();
            if self.eat("/>") {
                return Ok(Element {
                    name,
                    attributes,
                    children: Vec::new(),
                    text: String::new(),
                });
            }
            if self.eat(">") {
                break;
            }
            if self.at == before {
                return self.error("expected a space before an attribute");
            }
            let key = self.name()?;
            if attributes.iter().any(|(k, _)| *k == key) {
                return self.error(&format!("a repeated attribute {key}"));
            }
            self.skip_space();
            if !self.eat("=") {
                return self.error("expected '='");
            }
            self.skip_space();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.error("expected a quote"),
            };
            self.at += 1;
            let value = self.chars_until(&[quote], true)?;
            if !self.eat(&quote.to_string()) {
                return self.error("an unterminated attribute value");
            }
            attributes.push((key, value));
        }
        let mut children = Vec::new();
        let mut text = String::new();
        loop {
            text.push_str(&self.chars_until(&['<'], false)?);
            if self.rest().is_empty() {
                return self.error(&format!("<{name}> is not closed"));
            }
            if self.eat("</") {
                let closing = self.name()?;
                if closing != name {
                    return self.error(&format!("</{closing}> closes <{name}>"));
                }
                self.skip_space();
                if !self.eat(">") {
                    return self.error("expected '>'");
                }
                return Ok(Element {
                    name,
                    attributes,
                    children,
                    text,
                });
            }
            if self.rest().starts_with("<!") || self.rest().starts_with("<?") {
                return self.error("markup the preview never writes");
            }
            children.push(self.element()?);
        }
    }
}

/// Parses a whole document: exactly one root element, only whitespace around it.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader { text, at: 0 };
    reader.skip_space();
    let root = reader.element()?;
    reader.skip_space();
    if !reader.rest().is_empty() {
        return reader.error("content after the root element");
    }
    Ok(root)
}

#[test]
fn the_reader_refuses_what_is_not_xml() {
    assert!(parse("<a b=\"1\"><c/>x &amp; y</a>").is_ok());
    for bad in [
        "<a><b></a>",
        "<a>x < y</a>",
        "<a b=\"<\"/>",
        "<a>&nbsp;</a>",
        "<a>]]></a>",
        "<a/><b/>",
        "<a b=\"1\" b=\"2\"/>",
        "<a><script>",
        "<a>\u{1}</a>",
        "<a b=\"1\"c=\"2\"/>",
    ] {
        assert!(parse(bad).is_err(), "accepted {bad:?}");
    }
}
