//! The legal deadline of a privacy request per jurisdiction, and how pressing an open
//! request is on a given day.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::model::Jurisdiction;

/// When the answer is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub due: NaiveDate,
    /// The GDPR's two further months apply (a reasoned notice went out in time).
    pub extended: bool,
}

/// The legal deadline of a request.
///
/// - Quebec (P-39.1 s.32): 30 days after receipt; no extension.
/// - France (GDPR Art. 12(3)): one month, ending on the same date of the next month or
///   that month's last day when the date does not exist (31 January → 28 or 29 February);
///   three months in all when a reasoned extension notice was sent within the first month.
pub fn deadline(
    j: Jurisdiction,
    received: NaiveDate,
    extension_notice: Option<NaiveDate>,
) -> Deadline {
    match j {
        Jurisdiction::Quebec => Deadline {
            due: received + chrono::Days::new(30),
            extended: false,
        },
        Jurisdiction::France => {
            let first = received + Months::new(1);
            match extension_notice {
                Some(n) if n >= received && n <= first => Deadline {
                    due: received + Months::new(3),
                    extended: true,
                },
                _ => Deadline {
                    due: first,
                    extended: false,
                },
            }
        }
    }
}

/// A request is "due soon" this many days before its deadline (the dashboard's amber).
pub const DUE_SOON_DAYS: i64 = 7;

/// The last day a reasoned extension notice can go out (France: the first month's end).
pub fn extension_deadline(j: Jurisdiction, received: NaiveDate) -> NaiveDate {
    deadline(j, received, None).due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn deadlines_on_month_ends_leap_years_and_extensions() {
        use Jurisdiction::*;
        // (jurisdiction, received, extension notice, due, extended)
        let cases: &[(Jurisdiction, &str, Option<&str>, &str, bool)] = &[
            (Quebec, "2026-01-15", None, "2026-02-14", false),
            (Quebec, "2026-12-15", None, "2027-01-14", false),
            (Quebec, "2028-02-01", None, "2028-03-02", false), // leap year: 29 days in February
            (
                Quebec,
                "2026-02-01",
                Some("2026-02-10"),
                "2026-03-03",
                false,
            ), // no extension in Quebec
            (France, "2026-01-15", None, "2026-02-15", false),
            (France, "2026-01-31", None, "2026-02-28", false),
            (France, "2028-01-31", None, "2028-02-29", false),
            (France, "2026-03-31", None, "2026-04-30", false),
            (France, "2026-12-31", None, "2027-01-31", false),
            (France, "2026-01-15", Some("2026-02-15"), "2026-04-15", true), // notice on the last day counts
            (
                France,
                "2026-01-15",
                Some("2026-02-16"),
                "2026-02-15",
                false,
            ), // too late: no extension
            (France, "2026-11-30", Some("2026-12-01"), "2027-02-28", true),
            (France, "2027-11-30", Some("2027-12-01"), "2028-02-29", true),
        ];
        for (j, received, notice, due, extended) in cases {
            let got = deadline(*j, d(received), notice.map(d));
            assert_eq!(
                got,
                Deadline {
                    due: d(due),
                    extended: *extended
                },
                "{j:?} received {received} notice {notice:?}"
            );
        }
    }
}
