//! Prize shipping: the winner's address confirmed or corrected into the shipment, the
//! carrier and tracking number, and the status (to pack → shipped → delivered, or
//! returned) with its dates; the label lines as the post office asks; a CSV for the
//! carrier's tool.

use super::Contests;
use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::contests::WinnerStatus;
use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;
use crate::people::Address;

pub use crate::contests::ShipmentStatus;

/// The address the prize goes to, confirmed (as in the register) or corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentInput {
    pub name: String,
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shipment {
    pub id: i64,
    pub contest_id: i64,
    pub winner_id: i64,
    pub prize: String,
    pub name: String,
    pub address: Address,
    /// The lines of the label, as the office's post office asks.
    pub label: Vec<String>,
    pub carrier: String,
    pub tracking: String,
    pub status: ShipmentStatus,
    /// Where it can go from here (the screens offer exactly these).
    pub next: Vec<ShipmentStatus>,
    pub prepared_on: NaiveDate,
    pub shipped_on: Option<NaiveDate>,
    pub delivered_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
}

impl Contests<'_> {
    /// The address to confirm for a winner: as in the register.
    pub fn winner_address(&self, winner_id: i64) -> Result<ShipmentInput> {
        let person: i64 = self
            .conn
            .query_row(
                "SELECT e.person_id FROM winners w JOIN entries e ON e.id = w.entry_id WHERE w.id = ?1",
                [winner_id],
                |r| r.get(0),
            )
            .map_err(|_| Error::NotFound { entity: "winner" })?;
        let p = self.people().get(person)?;
        Ok(ShipmentInput {
            name: p.display_name(),
            address: p.data.address,
        })
    }

    /// Prepares the shipment of a claimed prize to the address confirmed or corrected.
    pub fn prepare_shipment(
        &self,
        winner_id: i64,
        input: &ShipmentInput,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let status: WinnerStatus = self
            .conn
            .query_row(
                "SELECT status FROM winners WHERE id = ?1",
                [winner_id],
                |r| r.get(0),
            )
            .map_err(|_| Error::NotFound { entity: "winner" })?;
        if status != WinnerStatus::Claimed {
            return Err(Error::invalid(
                Field::Shipment,
                "a prize is shipped once the winner has claimed it",
            ));
        }
        let name = bounded(Field::Name, &input.name)?;
        let a = &input.address;
        let address = Address {
            street: bounded(Field::Street, &a.street)?,
            city: bounded(Field::City, &a.city)?,
            region: bounded(Field::Region, &a.region)?,
            postal_code: bounded(Field::PostalCode, &a.postal_code)?,
            country: bounded(Field::Country, &a.country)?,
        };
        if name.is_empty() || address.street.is_empty() || address.city.is_empty() {
            return Err(Error::invalid(
                Field::Address,
                "a label needs a name, a street and a city",
            ));
        }
        let today = self.local_day(now);
        self.change(now, "contest.shipment", "shipment", |tx| {
            tx.execute(
                "INSERT INTO shipments (winner_id, name, street, city, region, postal_code, country, status, prepared_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'to_pack', ?8)
                 ON CONFLICT (winner_id) DO UPDATE SET name = ?2, street = ?3, city = ?4, region = ?5,
                    postal_code = ?6, country = ?7",
                rusqlite::params![
                    winner_id, name, address.street, address.city, address.region, address.postal_code,
                    address.country, today
                ],
            )?;
            let id: i64 = tx.query_row(
                "SELECT id FROM shipments WHERE winner_id = ?1",
                [winner_id],
                |r| r.get(0),
            )?;
            Ok((Some(id), id))
        })
    }

    /// Moves a shipment on: shipped (with carrier and tracking), delivered, or returned.
    pub fn update_shipment(
        &self,
        id: i64,
        status: ShipmentStatus,
        carrier: &str,
        tracking: &str,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let current: ShipmentStatus = self
            .conn
            .query_row("SELECT status FROM shipments WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .map_err(|_| Error::NotFound { entity: "shipment" })?;
        if !current.next().contains(&status) {
            return Err(Error::invalid(
                Field::Shipment,
                "a shipment goes to pack → shipped → delivered (or returned)",
            ));
        }
        if on > self.local_day(now) {
            return Err(Error::invalid(Field::Shipment, "the date is in the future"));
        }
        let carrier = bounded(Field::Carrier, carrier)?;
        let tracking = bounded(Field::Carrier, tracking)?;
        if status == ShipmentStatus::Shipped && carrier.is_empty() {
            return Err(Error::invalid(Field::Carrier, "name the carrier"));
        }
        self.change(now, "contest.shipment_status", "shipment", |tx| {
            match status {
                ShipmentStatus::Shipped => tx.execute(
                    "UPDATE shipments SET status = 'shipped', carrier = ?2, tracking = ?3, shipped_on = ?4, returned_on = NULL WHERE id = ?1",
                    rusqlite::params![id, carrier, tracking, on],
                )?,
                ShipmentStatus::Delivered => tx.execute(
                    "UPDATE shipments SET status = 'delivered', delivered_on = ?2 WHERE id = ?1",
                    rusqlite::params![id, on],
                )?,
                ShipmentStatus::Returned => tx.execute(
                    "UPDATE shipments SET status = 'returned', returned_on = ?2 WHERE id = ?1",
                    rusqlite::params![id, on],
                )?,
                ShipmentStatus::ToPack => 0,
            };
            Ok((Some(id), ()))
        })
    }

    /// The shipments board: of one contest, or all, to pack first.
    pub fn shipments(&self, contest_id: Option<i64>) -> Result<Vec<Shipment>> {
        let j = self.org().profile()?.jurisdiction;
        self.rows(
            "SELECT s.id, w.contest_id, w.id, coalesce(z.name, ''), s.name, s.street, s.city, s.region, s.postal_code,
                    s.country, s.carrier, s.tracking, s.status, s.prepared_on, s.shipped_on, s.delivered_on, s.returned_on
             FROM shipments s JOIN winners w ON w.id = s.winner_id LEFT JOIN prizes z ON z.id = w.prize_id
             WHERE (?1 IS NULL OR w.contest_id = ?1) AND s.name <> ''
             ORDER BY CASE s.status WHEN 'to_pack' THEN 0 WHEN 'returned' THEN 1 WHEN 'shipped' THEN 2 ELSE 3 END, s.id",
            [contest_id],
            |r| {
                let name: String = r.get(4)?;
                let address = Address {
                    street: r.get(5)?,
                    city: r.get(6)?,
                    region: r.get(7)?,
                    postal_code: r.get(8)?,
                    country: r.get(9)?,
                };
                Ok(Shipment {
                    id: r.get(0)?,
                    contest_id: r.get(1)?,
                    winner_id: r.get(2)?,
                    prize: r.get(3)?,
                    label: super::postal::label_lines(&name, &address, j),
                    name,
                    address,
                    carrier: r.get(10)?,
                    tracking: r.get(11)?,
                    status: r.get(12)?,
                    next: r.get::<_, ShipmentStatus>(12)?.next().to_vec(),
                    prepared_on: r.get(13)?,
                    shipped_on: r.get(14)?,
                    delivered_on: r.get(15)?,
                    returned_on: r.get(16)?,
                })
            },
        )
    }

    /// The address labels of a contest's prizes still to pack (to pack, or come back):
    /// what the label preview shows and the label sheet prints, for every front end.
    pub fn labels_to_pack(&self, contest_id: i64) -> Result<Vec<Vec<String>>> {
        Ok(self
            .contests()
            .shipments(Some(contest_id))?
            .into_iter()
            .filter(|s| matches!(s.status, ShipmentStatus::ToPack | ShipmentStatus::Returned))
            .map(|s| s.label)
            .collect())
    }

    /// [`Contests::labels_to_pack`] for printing: none to pack is an error that says what
    /// to do first.
    pub fn labels_to_print(&self, contest_id: i64) -> Result<Vec<Vec<String>>> {
        let labels = self.labels_to_pack(contest_id)?;
        if labels.is_empty() {
            return Err(Error::invalid(
                Field::Shipment,
                "no prize to pack: prepare the shipments first",
            ));
        }
        Ok(labels)
    }

    /// The shipments of a contest as CSV for a carrier's tool (UTF-8 with BOM, one
    /// column per address part, the prize as the reference).
    pub fn shipments_csv(&self, contest_id: i64) -> Result<Vec<u8>> {
        let mut csv = crate::csv_out::SpreadsheetCsv::new();
        csv.row([
            "reference",
            "name",
            "address_line_1",
            "address_line_2",
            "city",
            "province_state",
            "postal_code",
            "country",
            "carrier",
            "tracking",
            "status",
        ])?;
        for s in self.shipments(Some(contest_id))? {
            let mut street = s.address.street.lines().map(str::trim);
            let line1 = street.next().unwrap_or_default().to_owned();
            let line2 = street.collect::<Vec<_>>().join(" ");
            csv.row([
                format!("{}-{}", s.contest_id, s.id),
                s.name,
                line1,
                line2,
                s.address.city,
                s.address.region,
                s.address.postal_code,
                s.address.country,
                s.carrier,
                s.tracking,
                s.status.as_str().to_owned(),
            ])?;
        }
        csv.finish()
    }
}
