//! "Did you mean": the nearest candidate to a misspelt word, by edit distance (optimal string
//! alignment: insertions, deletions, substitutions and swaps of neighbours), as compilers and
//! linters suggest names.

/// The candidate nearest to `word`, when it is near enough to be a likely typo: at most one edit
/// for short words, about a third of the word's length for longer ones; or the same word in
/// another case. Ties go to the earlier candidate.
pub fn nearest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let limit = (word.chars().count() / 3).max(1);
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = if candidate.to_ascii_lowercase() == lower {
            0
        } else {
            distance(word, candidate)
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance between two words, in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for swaps), the previous, the current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let deletion = previous
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insertion = current
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let substitution = previous
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(cost);
            let mut best = deletion.min(insertion).min(substitution);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                best = best.min(
                    before
                        .get(j - 1)
                        .copied()
                        .unwrap_or(usize::MAX)
                        .saturating_add(1),
                );
            }
            if let Some(cell) = current.get_mut(j + 1) {
                *cell = best;
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("gatewayClasName", "gatewayClassName"), 1);
        assert_eq!(distance("prot", "port"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn nearest_names_only_likely_typos() {
        let fields = [
            "gatewayClassName",
            "listeners",
            "addresses",
            "infrastructure",
        ];
        assert_eq!(nearest("gatewayClasName", fields), Some("gatewayClassName"));
        assert_eq!(nearest("listener", fields), Some("listeners"));
        assert_eq!(nearest("backends", fields), None);
        assert_eq!(
            nearest("pathprefix", ["Exact", "PathPrefix"]),
            Some("PathPrefix")
        );
        assert_eq!(nearest("Prefix", ["Exact", "PathPrefix"]), None);
    }
}
