//! After the draw: entrants' data goes when the contest's retention ends — non-winners'
//! a set number of days after the draw, winners' that many days after the prize was
//! delivered (or after the prize went to someone else). The entry goes, the shipment's
//! address is blanked, and a person who was in the register only as this contest's
//! entrant is erased as any erasure does. The contest keeps anonymous counts.

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;

use super::ContestCounts;
use crate::error::Result;

/// Fills `temp.contest_purge` with the entries whose retention has ended on `today`.
pub(crate) fn select_due(conn: &Connection, today: NaiveDate) -> Result<i64> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS contest_purge (id INTEGER PRIMARY KEY, contest_id INTEGER NOT NULL, person_id INTEGER NOT NULL);
         DELETE FROM temp.contest_purge;",
    )?;
    // Dates are compared as text: `draw_on + n days` is computed per contest in SQL.
    conn.execute(
        "INSERT INTO temp.contest_purge (id, contest_id, person_id)
         SELECT e.id, e.contest_id, e.person_id FROM entries e JOIN contests c ON c.id = e.contest_id
         WHERE EXISTS (SELECT 1 FROM draws d WHERE d.contest_id = c.id)
           AND (
             -- a non-winner (never drawn, an alternate, or a prize that went to someone else)
             (NOT EXISTS (SELECT 1 FROM winners w WHERE w.entry_id = e.id AND w.status IN ('selected', 'claimed'))
              AND date(c.draw_on, '+' || c.non_winner_days || ' days') < ?1)
             OR
             -- a winner whose prize was delivered
             EXISTS (SELECT 1 FROM winners w JOIN shipments s ON s.winner_id = w.id
                     WHERE w.entry_id = e.id AND s.status = 'delivered'
                       AND date(s.delivered_on, '+' || c.winner_days || ' days') < ?1)
           )
           AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.person_id = e.person_id AND h.until >= ?1)",
        [today],
    )?;
    Ok(conn.query_row("SELECT count(*) FROM temp.contest_purge", [], |r| r.get(0))?)
}

/// Carries out the purge of `temp.contest_purge` inside `tx`; returns the people who were
/// there only as entrants (to erase).
pub(crate) fn purge_selected(tx: &Connection) -> Result<Vec<i64>> {
    // The counts first, once per contest, while the entries are there.
    let contests: Vec<i64> = crate::register::rows(
        tx,
        "SELECT DISTINCT contest_id FROM temp.contest_purge",
        [],
        |r| r.get(0),
    )?;
    for id in contests {
        let has: bool = tx.query_row(
            "SELECT counts IS NOT NULL FROM contests WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if has {
            continue;
        }
        let counts = ContestCounts {
            entries: tx.query_row(
                "SELECT count(*) FROM entries WHERE contest_id = ?1",
                [id],
                |r| r.get(0),
            )?,
            eligible: tx.query_row(
                "SELECT json_array_length(list) FROM draws WHERE contest_id = ?1",
                [id],
                |r| r.get(0),
            )?,
            winners: tx.query_row(
                "SELECT count(*) FROM winners WHERE contest_id = ?1 AND status IN ('selected', 'claimed')",
                [id],
                |r| r.get(0),
            )?,
            shipped: tx.query_row(
                "SELECT count(*) FROM shipments s JOIN winners w ON w.id = s.winner_id
                 WHERE w.contest_id = ?1 AND s.status IN ('shipped', 'delivered')",
                [id],
                |r| r.get(0),
            )?,
        };
        tx.execute(
            "UPDATE contests SET counts = ?2 WHERE id = ?1",
            rusqlite::params![id, serde_json::to_string(&counts).expect("counts")],
        )?;
    }
    forget_entries(tx, "(SELECT id FROM temp.contest_purge)")?;
    // People who were in the register only as an entrant.
    let only_entrants = crate::register::rows(
        tx,
        "SELECT DISTINCT p.person_id FROM temp.contest_purge p
         WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.person_id = p.person_id)
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = p.person_id)
           AND NOT EXISTS (SELECT 1 FROM guardianships g WHERE g.child_id = p.person_id OR g.guardian_person_id = p.person_id)
           AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.person_id = p.person_id AND r.status IN ('received', 'identity_verified'))
           AND NOT EXISTS (SELECT 1 FROM consent_events c WHERE c.person_id = p.person_id AND c.action = 'granted'
                           AND c.purpose_id NOT IN (SELECT id FROM purposes WHERE code IN (SELECT purpose FROM contests)))",
        [],
        |r| r.get(0),
    )?;
    Ok(only_entrants)
}

/// Removes entries (given as an SQL set of ids): the winners' rows lose their link, the
/// shipments their address and tracking; the draw keeps only entry numbers.
pub(crate) fn forget_entries(tx: &Connection, set: &str) -> Result<()> {
    tx.execute_batch(&format!(
        "UPDATE shipments SET name = '', street = '', city = '', region = '', postal_code = '', country = '',
             tracking = '' WHERE winner_id IN (SELECT id FROM winners WHERE entry_id IN {set});
         UPDATE winners SET entry_id = NULL, skill_answer = '' WHERE entry_id IN {set};
         DELETE FROM entries WHERE id IN {set};"
    ))?;
    Ok(())
}

/// When a contest's entrants' data is due, as a day (for the contest page).
pub fn non_winners_purged_after(draw_on: NaiveDate, days: u32) -> NaiveDate {
    draw_on + Duration::days(i64::from(days))
}
