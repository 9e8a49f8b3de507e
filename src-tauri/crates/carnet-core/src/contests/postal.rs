//! Addresses as each post office asks them to be written on a label.
//!
//! - **Canada Post**: capitals, no punctuation outside names, the last line
//!   `MUNICIPALITY PROV  A1A 1A1` (one space before the province, two before the postal
//!   code), at most 40 characters a line, no country on domestic mail, the country last
//!   abroad.
//! - **La Poste (NF Z10-011)**: at most six lines (seven abroad, the last the country) of at
//!   most 38 characters, no punctuation from the fourth line, the last three lines in
//!   capitals, the last line `75008 PARIS` (a `CEDEX nn` kept as written).
//!
//! A line longer than the limit is not cut: the label shrinks its text to fit.

use crate::model::Jurisdiction;
use crate::people::Address;
use unicode_normalization::UnicodeNormalization;

/// The longest line each post office accepts.
pub fn line_limit(j: Jurisdiction) -> usize {
    match j {
        Jurisdiction::Quebec => 40,
        Jurisdiction::France => 38,
    }
}

fn upper(s: &str) -> String {
    s.nfc().collect::<String>().to_uppercase()
}

/// Punctuation the post offices ask to leave out of address lines (hyphens and
/// apostrophes inside words stay: `SAINT-DENIS`, `L'ISLE`).
fn unpunctuated(s: &str) -> String {
    // A full stop goes (`B.P.` → `BP`, `app. 5` → `APP 5`); other marks part words.
    let cleaned: String = s
        .chars()
        .filter(|c| *c != '.')
        .map(|c| {
            if matches!(c, ',' | ';' | ':' | '#') {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_domestic(country: &str, j: Jurisdiction) -> bool {
    let c = crate::fold::fold(country);
    c.is_empty()
        || match j {
            Jurisdiction::Quebec => matches!(c.as_str(), "canada" | "ca" | "can"),
            Jurisdiction::France => matches!(c.as_str(), "france" | "fr" | "fra"),
        }
}

/// A Canadian postal code as `A1A 1A1` when it looks like one.
fn canadian_postal(code: &str) -> String {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.to_uppercase();
    if compact.len() == 6 && compact.is_ascii() {
        format!("{} {}", &compact[..3], &compact[3..])
    } else {
        upper(code.trim())
    }
}

/// The words a French street line (NF Z10-011's line 4) starts with after its number, or
/// without one.
const STREET_WORDS: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "chemin",
    "allee",
    "impasse",
    "place",
    "route",
    "quai",
    "cours",
    "square",
    "passage",
    "voie",
    "faubourg",
    "montee",
    "sentier",
    "rond-point",
    "promenade",
    "esplanade",
    "traverse",
    "ruelle",
    "parvis",
    "cite",
    "hameau",
];

/// Whether a line of the street is the number and street (it starts with a number, or
/// with a kind of street).
fn is_street(line: &str) -> bool {
    let first = crate::fold::fold(line.split_whitespace().next().unwrap_or(""));
    let first = first.trim_end_matches([',', '.']);
    line.trim_start().starts_with(|c: char| c.is_ascii_digit()) || STREET_WORDS.contains(&first)
}

/// The lines of a label for `name` at `address`, as the office's post office (`j`) asks.
pub fn label_lines(name: &str, address: &Address, j: Jurisdiction) -> Vec<String> {
    let domestic = is_domestic(&address.country, j);
    let street_lines: Vec<&str> = address
        .street
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut lines: Vec<String> = Vec::new();
    match j {
        Jurisdiction::Quebec => {
            lines.push(upper(name.trim()));
            for l in street_lines {
                lines.push(upper(&unpunctuated(l)));
            }
            let city = upper(&unpunctuated(&address.city));
            let region = upper(&unpunctuated(&address.region));
            let postal = canadian_postal(&address.postal_code);
            let mut last = city;
            if !region.is_empty() {
                last = format!("{last} {region}");
            }
            if !postal.is_empty() {
                last = format!("{last}  {postal}");
            }
            lines.push(last.trim().to_owned());
        }
        Jurisdiction::France => {
            // NF Z10-011 numbers lines by role: 1 the recipient, 2 and 3 the flat and the
            // building (as written), 4 the number and street, 5 a locality or PO box, 6 the
            // postcode and town. From the street on: capitals, no punctuation, whether
            // lines 2, 3 or 5 are there or not.
            lines.push(name.trim().to_owned());
            let street_at = street_lines
                .iter()
                .rposition(|l| is_street(l))
                .unwrap_or(street_lines.len().saturating_sub(1));
            for (i, l) in street_lines.iter().enumerate() {
                lines.push(if i >= street_at {
                    upper(&unpunctuated(l))
                } else {
                    (*l).to_owned()
                });
            }
            let postal = upper(&unpunctuated(&address.postal_code));
            let town = upper(&unpunctuated(&address.city));
            lines.push(format!("{postal} {town}").trim().to_owned());
        }
    }
    if !domestic {
        lines.push(upper(address.country.trim()));
    }
    lines.retain(|l| !l.is_empty());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(street: &str, city: &str, region: &str, postal: &str, country: &str) -> Address {
        Address {
            street: street.into(),
            city: city.into(),
            region: region.into(),
            postal_code: postal.into(),
            country: country.into(),
        }
    }

    #[test]
    fn canada_post_capitals_two_spaces_before_the_postal_code_and_no_country_at_home() {
        let lines = label_lines(
            "Zoë Lefèvre",
            &addr(
                "1234, rue Saint-Denis, app. 5",
                "Montréal",
                "QC",
                "h2x1y4",
                "Canada",
            ),
            Jurisdiction::Quebec,
        );
        assert_eq!(
            lines,
            [
                "ZOË LEFÈVRE",
                "1234 RUE SAINT-DENIS APP 5",
                "MONTRÉAL QC  H2X 1Y4"
            ]
        );
        let abroad = label_lines(
            "Ana Silva",
            &addr("10 Rua Augusta", "Lisboa", "", "1100-053", "Portugal"),
            Jurisdiction::Quebec,
        );
        assert_eq!(abroad.last().unwrap(), "PORTUGAL");
    }

    #[test]
    fn la_poste_postcode_and_town_last_in_capitals_cedex_kept() {
        let lines = label_lines(
            "Mme Hélène Martin",
            &addr(
                "Résidence les Tilleuls, bât. B\n12, avenue des Champs",
                "Paris Cedex 08",
                "",
                "75008",
                "France",
            ),
            Jurisdiction::France,
        );
        assert_eq!(
            lines,
            [
                "Mme Hélène Martin",
                "Résidence les Tilleuls, bât. B",
                "12 AVENUE DES CHAMPS",
                "75008 PARIS CEDEX 08"
            ]
        );
    }

    /// Lines by role, not by position: the street (line 4) loses its punctuation even as
    /// the second line of the label; a PO box after it (line 5) too; a flat or building
    /// before it (lines 2 and 3) stays as written.
    #[test]
    fn la_poste_lines_by_role() {
        let france = |street: &str| {
            label_lines(
                "Zoë Lefèvre",
                &addr(street, "Saint-Denis", "", "93200", ""),
                Jurisdiction::France,
            )
        };
        assert_eq!(
            france("12345, boulevard de la Côte-des-Neiges, app. 1203"),
            [
                "Zoë Lefèvre",
                "12345 BOULEVARD DE LA CÔTE-DES-NEIGES APP 1203",
                "93200 SAINT-DENIS"
            ]
        );
        assert_eq!(
            france("Esc. B, 3e étage\nRésidence du Parc\n4, allée des Pins\nB.P. 12"),
            [
                "Zoë Lefèvre",
                "Esc. B, 3e étage",
                "Résidence du Parc",
                "4 ALLÉE DES PINS",
                "BP 12",
                "93200 SAINT-DENIS"
            ]
        );
        assert_eq!(
            france("Le Bourg"),
            ["Zoë Lefèvre", "LE BOURG", "93200 SAINT-DENIS"]
        );
        assert_eq!(
            france("Place de l'Église"),
            ["Zoë Lefèvre", "PLACE DE L'ÉGLISE", "93200 SAINT-DENIS"]
        );
    }
}
