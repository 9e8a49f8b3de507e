//! Passphrases people can remember: a suggestion of common words drawn at random, and
//! the words an attacker tries first when judging one (the organisation's name and the
//! account's, word by word and run together; everyday French and English words).

use crate::error::{Error, Result};
use crate::fold;
use crate::model::Language;

/// Everyday words, no accents (typed alike on every keyboard), one per line.
const FR: &str = include_str!("phrase/fr.txt");
const EN: &str = include_str!("phrase/en.txt");

/// What an office types first when asked for a passphrase: greetings, the city, the
/// word "password", small words of every sentence. Ranked before the lists above.
const FIRST_TRIED: &[&str] = &[
    "bonjour",
    "bonsoir",
    "salut",
    "merci",
    "bienvenue",
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "un",
    "une",
    "et",
    "ou",
    "je",
    "tu",
    "il",
    "elle",
    "nous",
    "vous",
    "mon",
    "ma",
    "mes",
    "monde",
    "amour",
    "secret",
    "motdepasse",
    "passe",
    "mot",
    "france",
    "quebec",
    "montreal",
    "paris",
    "lyon",
    "ecole",
    "club",
    "musique",
    "enfant",
    "enfants",
    "bureau",
    "hello",
    "world",
    "password",
    "welcome",
    "the",
    "and",
    "my",
    "love",
    "school",
    "music",
];

/// Bits a suggestion carries at least (every word drawn uniformly from its list).
const SUGGESTION_BITS: f64 = 46.0;

fn list(language: Language) -> Vec<&'static str> {
    match language {
        Language::Fr => FR,
        Language::En => EN,
    }
    .lines()
    .map(str::trim)
    .filter(|w| !w.is_empty())
    .collect()
}

/// The words a passphrase is judged against: each of `context` (the organisation's and
/// the account's names) whole, word by word, run together and without accents; then the
/// everyday words of both languages.
pub fn guessable_words(context: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |w: String| {
        if w.chars().count() >= 2 && !out.contains(&w) {
            out.push(w);
        }
    };
    for c in context {
        for form in [c.to_lowercase(), fold::fold(c)] {
            let words: Vec<&str> = form
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            push(form.clone());
            push(words.concat());
            for w in &words {
                push((*w).to_owned());
            }
        }
    }
    for w in FIRST_TRIED {
        push((*w).to_owned());
    }
    for w in list(Language::Fr).into_iter().chain(list(Language::En)) {
        push(w.to_owned());
    }
    out
}

/// A passphrase of everyday words in `language`, separated by hyphens, drawn with the
/// system's randomness: enough words for [`SUGGESTION_BITS`], and always one the strength
/// check accepts.
pub fn suggest(language: Language, context: &[&str]) -> Result<String> {
    let words = list(language);
    let count = (SUGGESTION_BITS / (words.len() as f64).log2()).ceil() as usize;
    for _ in 0..32 {
        let phrase = (0..count)
            .map(|_| Ok(words[uniform(words.len())?]))
            .collect::<Result<Vec<_>>>()?
            .join("-");
        if crate::secret::check_passphrase(&phrase, context).is_ok() {
            return Ok(phrase);
        }
    }
    Err(Error::Io("no passphrase could be drawn".into()))
}

/// A number below `n`, uniform (rejection sampling on 32 bits).
fn uniform(n: usize) -> Result<usize> {
    let n = n as u32;
    let zone = u32::MAX - u32::MAX % n;
    loop {
        let mut b = [0u8; 4];
        getrandom::fill(&mut b).map_err(|_| Error::Io("no system randomness".into()))?;
        let v = u32::from_le_bytes(b);
        if v < zone {
            return Ok((v % n) as usize);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_plain_distinct_words() {
        for lang in [Language::Fr, Language::En] {
            let w = list(lang);
            assert!(w.len() >= 400, "{lang:?}: {}", w.len());
            let mut sorted = w.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), w.len(), "{lang:?} has a word twice");
            assert!(w.iter().all(|x| x.chars().all(|c| c.is_ascii_lowercase())));
        }
    }

    #[test]
    fn context_is_split_and_run_together() {
        let g = guessable_words(&["École de musique Côte-des-Neiges"]);
        for w in [
            "ecole de musique cote-des-neiges",
            "ecoledemusiquecotedesneiges",
            "musique",
            "neiges",
            "école",
        ] {
            assert!(g.iter().any(|x| x == w), "{w} missing");
        }
    }
}
