//! Timestamps as stored: UTC, RFC 3339 with milliseconds. The domain never reads the
//! clock; callers pass `now` in.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::error::{Error, Result};

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn parse_stamp(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::Storage("a stored time is malformed".into()))
}

pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::Storage("a stored date is malformed".into()))
}

/// Whole years between `birth` and `on` (a person born on 29 February turns a year
/// older on 1 March in common years).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn age_turns_on_the_birthday() {
        let cases = [
            ("2012-06-15", "2026-06-14", 13),
            ("2012-06-15", "2026-06-15", 14),
            ("2012-06-15", "2026-06-16", 14),
            ("2012-02-29", "2026-02-28", 13),
            ("2012-02-29", "2026-03-01", 14),
            ("2012-02-29", "2028-02-29", 16),
            ("2012-12-31", "2013-01-01", 0),
        ];
        for (birth, on, want) in cases {
            assert_eq!(age_on(d(birth), d(on)), want, "{birth} on {on}");
        }
    }
}
