//! Folding of names for search: case, accents and ligatures are ignored.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower-cases, removes diacritics and expands ligatures that Unicode does not
/// decompose (œ, æ, ß, ø, ł, đ, þ): "Lefèvre-Cœurdevey" → "lefevre-coeurdevey".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' | 'ẞ' => out.push_str("ss"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The folded words of a text: split on anything that is not a letter or digit
/// (spaces, hyphens, apostrophes), so "Lefèvre-Cœurdevey" gives "lefevre" and "coeurdevey".
pub fn tokens(s: &str) -> Vec<String> {
    let folded = fold(s);
    let mut out: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Upper bound for a prefix range scan: every string starting with `prefix` is
/// `>= prefix` and `< prefix_end(prefix)`.
pub fn prefix_end(prefix: &str) -> String {
    let mut s = prefix.to_owned();
    s.push(char::MAX);
    s
}

/// NFC-normalised, trimmed text, as every stored string is kept.
pub fn clean(s: &str) -> String {
    s.trim().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_ligatures() {
        let cases = [
            ("Zoë Lefèvre-Cœurdevey", "zoe lefevre-coeurdevey"),
            ("ÆSCHYLE", "aeschyle"),
            ("Łukasz Øster", "lukasz oster"),
            ("Nguyễn", "nguyen"),
            ("François", "francois"),
            ("STRAẞE", "strasse"),
            // decomposed input (e + combining acute) folds the same as precomposed
            ("Ame\u{301}lie", "amelie"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn tokens_split_names_on_hyphens_and_apostrophes() {
        assert_eq!(
            tokens("Zoë Lefèvre-Cœurdevey"),
            vec!["coeurdevey", "lefevre", "zoe"]
        );
        assert_eq!(tokens("D'Amours  O’Neil"), vec!["amours", "d", "neil", "o"]);
        assert!(tokens(" - ").is_empty());
    }

    #[test]
    fn prefix_range_contains_extensions_only() {
        let end = prefix_end("lef");
        assert!("lef" < end.as_str() && "lefevre" < end.as_str());
        assert!("leg" > end.as_str());
    }
}
