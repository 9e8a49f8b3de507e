//! What the draw needs of each entrant, kept on the entry itself: the birth date, the
//! region and country (folded), and 64-bit keys of the email, of the name with the birth
//! date, and of the household address. Judging a million entries then reads the entries
//! alone, not every entrant's whole record. The keys are written when the entry is made
//! and again whenever the person's record changes; they go with the entry.

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// The first 8 bytes of SHA-256 over a tag and the text: stable across versions (unlike
/// the standard library's hasher), and a collision only ever shows two entries to decide.
fn key64(tag: &str, text: &str) -> i64 {
    let mut h = Sha256::new();
    h.update(tag.as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    let d = h.finalize();
    i64::from_le_bytes(d[..8].try_into().expect("8 bytes"))
}

/// Writes the keys of every entry of `person_id` (or of the entries in `temp.new_entries`)
/// from the person's record as it is now.
pub(crate) fn refresh(conn: &Connection, person_id: i64) -> Result<()> {
    struct Record {
        birth: Option<String>,
        region: String,
        country: String,
        street: String,
        postal: String,
        sort_key: String,
        email: String,
    }
    let row: Option<Record> = conn
        .query_row(
            "SELECT p.birth_date, p.region, p.country, p.street, p.postal_code, p.sort_key,
                    coalesce(c.value, '')
             FROM people p LEFT JOIN person_contacts c ON c.person_id = p.id AND c.kind = 'email' AND c.position = 0
             WHERE p.id = ?1",
            [person_id],
            |r| {
                Ok(Record {
                    birth: r.get(0)?,
                    region: r.get(1)?,
                    country: r.get(2)?,
                    street: r.get(3)?,
                    postal: r.get(4)?,
                    sort_key: r.get(5)?,
                    email: r.get(6)?,
                })
            },
        )
        .ok();
    let Some(Record {
        birth,
        region,
        country,
        street,
        postal,
        sort_key,
        email,
    }) = row
    else {
        return Ok(());
    };
    let email = email.trim().to_lowercase();
    let postal: String = postal
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    conn.prepare_cached(
        "UPDATE entries SET birth_date = ?2, region_key = ?3, country_key = ?4, email_key = ?5, name_key = ?6,
            household_key = ?7 WHERE person_id = ?1",
    )?
    .execute(rusqlite::params![
        person_id,
        birth,
        crate::fold::fold(&region),
        crate::fold::fold(&country),
        (!email.is_empty()).then(|| key64("email", &email)),
        birth.as_ref().map(|b| key64("name+birth", &format!("{sort_key}|{b}"))),
        (!street.trim().is_empty())
            .then(|| key64("household", &format!("{}|{postal}", crate::fold::fold(&street)))),
    ])?;
    Ok(())
}
