//! Kubernetes name checks with apimachinery's messages (`IsDNS1123Label`,
//! `IsDNS1123Subdomain`), for the CEL `format` library. A leaf module: it depends on nothing
//! else in the crate, so lint can call it without CEL depending on lint.

/// `IsDNS1123Subdomain`'s message when the name does not match.
pub const DNS1123_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/// `IsDNS1123Label`'s message when the name does not match.
pub const DNS1123_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/// Whether `s` is an RFC 1123 label (without the length limit).
pub fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty()
        && b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter().all(|c| alnum(c) || *c == b'-')
}

/// Whether `s` is an RFC 1123 subdomain (without the length limit).
pub fn is_dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(is_dns1123_label)
}

/// `IsDNS1123Subdomain`'s messages.
pub fn dns1123_subdomain_errors(s: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if s.len() > 253 {
        errors.push("must be no more than 253 characters".to_owned());
    }
    if !is_dns1123_subdomain(s) {
        errors.push(DNS1123_SUBDOMAIN.to_owned());
    }
    errors
}

/// `IsDNS1123Label`'s messages.
pub fn dns1123_label_errors(s: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if s.len() > 63 {
        errors.push("must be no more than 63 characters".to_owned());
    }
    if !is_dns1123_label(s) {
        if is_dns1123_subdomain(s) {
            errors.push("must not contain dots".to_owned());
        } else {
            errors.push(DNS1123_LABEL.to_owned());
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_apimachinery() {
        assert!(dns1123_subdomain_errors("my-gateway.example").is_empty());
        assert_eq!(
            dns1123_subdomain_errors("My_Gateway"),
            vec![DNS1123_SUBDOMAIN]
        );
        assert_eq!(
            dns1123_subdomain_errors(&"x".repeat(254)),
            vec!["must be no more than 253 characters"]
        );
        assert!(dns1123_label_errors("ok-name").is_empty());
        assert_eq!(dns1123_label_errors("a.b"), vec!["must not contain dots"]);
        assert_eq!(dns1123_label_errors("-a"), vec![DNS1123_LABEL]);
        assert_eq!(dns1123_label_errors(""), vec![DNS1123_LABEL]);
        assert_eq!(
            dns1123_label_errors(&"x".repeat(64)),
            vec!["must be no more than 63 characters"]
        );
    }
}
