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
    let cleaned: String = s
        .chars()
        .map(|c| {
            if matches!(c, ',' | '.' | ';' | ':' | '#') {
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
            lines.push(name.trim().to_owned());
            for l in street_lines {
                lines.push(l.to_owned());
            }
            let postal = upper(address.postal_code.trim());
            let town = upper(address.city.trim());
            lines.push(format!("{postal} {town}").trim().to_owned());
            // From the fourth line on, no punctuation; the last three in capitals.
            let n = lines.len();
            for (i, line) in lines.iter_mut().enumerate() {
                if i >= 3 {
                    *line = unpunctuated(line);
                }
                if i + 3 >= n {
                    *line = upper(line);
                }
            }
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
                "RÉSIDENCE LES TILLEULS, BÂT. B",
                "12, AVENUE DES CHAMPS",
                "75008 PARIS CEDEX 08"
            ]
        );
    }
}
