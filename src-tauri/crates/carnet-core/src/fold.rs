//! Folding of names for search: case, accents and ligatures are ignored.

use unicode_normalization::char::is_combining_mark;

use crate::error::{Error, Result};
use crate::field::Field;
use unicode_normalization::UnicodeNormalization;

/// Lower-cases, removes diacritics and expands ligatures that Unicode does not
/// decompose (œ, æ, ß, ø, ł, đ, þ): "Lefèvre-Cœurdevey" → "lefevre-coeurdevey".
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // Nothing to decompose: most names of an import take this path.
        return s.to_ascii_lowercase();
    }
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

/// One bit (of 64) standing for a short prefix: FNV-1a of its bytes, modulo 64.
fn prefix_bit(prefix: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in prefix.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    1 << (h % 64)
}

/// The first `n` characters of `s` (all of it when shorter).
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// A person's name signature: a bit for each 1-, 2- and 3-letter prefix of each of their
/// name's tokens. A search checks its other words against it on the row it scans, and
/// probes the index only for the few people whose signature has every bit.
pub fn name_signature(tokens: &[String]) -> i64 {
    let mut sig = 0u64;
    for t in tokens {
        for n in 1..=3 {
            sig |= prefix_bit(head(t, n));
        }
    }
    sig as i64
}

/// The bits a person's signature has when one of their tokens starts with `word`.
pub fn word_signature(word: &str) -> i64 {
    prefix_bit(head(word, 3)) as i64
}

/// The keys a person is found under when a search names two of their tokens by their
/// beginnings: for every two tokens, the pair of their first letters ("l z") and the pair
/// of their first two letters ("le zo"), each pair in order, each key once.
pub fn initial_pairs(tokens: &[String]) -> Vec<String> {
    let mut pairs = Vec::new();
    for (i, a) in tokens.iter().enumerate() {
        for b in &tokens[i + 1..] {
            pairs.push(prefix_pair(head(a, 1), head(b, 1)));
            pairs.push(prefix_pair(head(a, 2), head(b, 2)));
        }
    }
    pairs.sort();
    pairs.dedup();
    pairs
}

/// The key of two prefixes (each one or two letters long), whichever order they come in:
/// `a b`, a space between (tokens never hold one).
pub fn prefix_pair(a: &str, b: &str) -> String {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    format!("{a} {b}")
}

/// The first one or two letters of `word`, as `initial_pairs` keys them.
pub fn pair_prefix(word: &str, letters: usize) -> &str {
    head(word, letters)
}

/// Upper bound for a prefix range scan: every string starting with `prefix` is
/// `>= prefix` and `< prefix_end(prefix)`.
pub fn prefix_end(prefix: &str) -> String {
    let mut s = prefix.to_owned();
    s.push(char::MAX);
    s
}

/// NFC-normalised, trimmed text, as every stored string is kept. Line breaks become `\n`
/// and a tab a space; other control characters, the bidirectional embeddings, overrides,
/// isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the
/// invisible spaces (U+200B, U+2060, U+FEFF) are dropped, so a name cannot hide or
/// reverse its letters on screen or in a PDF, nor look like another. The zero-width
/// joiner and non-joiner stay: Devanagari and Persian names need them.
pub fn clean(s: &str) -> String {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        // Printable ASCII: no control character, and already in NFC.
        return s.trim().to_owned();
    }
    let unified = s.replace("\r\n", "\n");
    let kept: String = unified
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\r' => Some('\n'),
            '\t' => Some(' '),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2060}' | '\u{FEFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    kept.trim().nfc().collect()
}

/// [`clean`], then refused with the field named when longer than the field allows.
pub fn bounded(field: Field, s: &str) -> Result<String> {
    let c = clean(s);
    let max = field.max_chars();
    if c.chars().count() > max {
        return Err(Error::TooLong { field, max });
    }
    Ok(c)
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
    fn control_characters_and_bidi_overrides_never_reach_the_register() {
        let cases = [
            ("Zoë\u{202E}ecnerolF", "ZoëecnerolF"),
            ("\u{2067}Ali\u{2069}", "Ali"),
            ("Léa\u{0}\u{7}\u{1b}[31m", "Léa[31m"),
            ("ligne 1\r\nligne 2\rligne 3", "ligne 1\nligne 2\nligne 3"),
            ("\tnom\tprénom", "nom prénom"),
            ("\u{85}Noël\u{9f}", "Noël"),
            // Arabic and Hebrew stay as typed (their direction comes from the letters).
            ("ليلى حداد", "ليلى حداد"),
            ("דוד כהן", "דוד כהן"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn a_text_longer_than_its_field_allows_is_refused_with_the_field_named() {
        let max = Field::Name.max_chars();
        assert_eq!(
            bounded(Field::Name, &"é".repeat(max))
                .unwrap()
                .chars()
                .count(),
            max
        );
        assert!(matches!(
            bounded(Field::Name, &"é".repeat(max + 1)),
            Err(Error::TooLong { field: Field::Name, max: m }) if m == max
        ));
    }

    #[test]
    fn prefix_range_contains_extensions_only() {
        let end = prefix_end("lef");
        assert!("lef" < end.as_str() && "lefevre" < end.as_str());
        assert!("leg" > end.as_str());
    }
}
