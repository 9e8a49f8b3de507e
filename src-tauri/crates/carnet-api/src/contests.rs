//! Contests: the list, the contest page and its steps (entries, duplicates, the draw,
//! winners, shipping), the labels to print.

use carnet_core::contests::{
    ContestInput, ContestSummary, DrawCheck, EntryClosing, ShipmentInput, ShipmentStatus,
};
use carnet_core::model::Channel;
use carnet_core::Contexts;
use carnet_core::{Error, Field};
use chrono::NaiveDate;
use serde::Serialize;

crate::command! {
    read
    ListContests = "list_contests" {} -> Vec<ContestSummary>,
    |c, r, at| r.contests().list()
}

crate::command! {
    read
    ContestPage = "contest_page" { id: i64 } -> carnet_core::contests::ContestPage,
    |c, r, at| r.contests().page(c.id, at.now)
}

crate::command! {
    read
    /// The entries whose entrant matches what is typed (the domain's folding and matching).
    MatchingEntries = "matching_entries" { contest_id: i64, query: String } -> Vec<i64>,
    |c, r, at| r.contests().matching_entries(c.contest_id, &c.query)
}

crate::command! {
    AddContest = "add_contest" { input: ContestInput } -> i64,
    |c, r, at| r.contests().add(&c.input, at.now)
}

crate::command! {
    AddEntry = "add_entry" { contest_id: i64, person_id: i64, entered_on: NaiveDate, channel: Channel } -> i64,
    |c, r, at| r.contests().add_entry(c.contest_id, c.person_id, c.entered_on, c.channel, at.now)
}

crate::command! {
    /// Decides on a likely duplicate: `excluded`, `distinct`, or back in (`included`).
    DecideEntry = "decide_entry" { id: i64, decision: String } -> (),
    |c, r, at| match c.decision.as_str() {
        "excluded" => r.contests().exclude_entry(c.id, at.now),
        "distinct" => r.contests().confirm_entry_distinct(c.id, at.now),
        "included" => r.contests().include_entry(c.id, at.now),
        _ => Err(Error::invalid(Field::Entries, "is not a decision")),
    }
}

crate::command! {
    CloseEntries = "close_entries" { id: i64 } -> EntryClosing,
    |c, r, at| r.contests().close_entries(c.id, at.now)
}

crate::command! {
    DrawContest = "draw_contest" { id: i64, public_value: String } -> DrawCheck,
    |c, r, at| r.contests().draw(c.id, &c.public_value, at.now)
}

crate::command! {
    RecordSkillAnswer = "record_skill_answer" { winner_id: i64, answer: String } -> bool,
    |c, r, at| r.contests().record_skill_answer(c.winner_id, &c.answer, at.now)
}

crate::command! {
    ClaimPrize = "claim_prize" { winner_id: i64, on: NaiveDate } -> (),
    |c, r, at| r.contests().claim_prize(c.winner_id, c.on, at.now)
}

crate::command! {
    ForfeitUnclaimed = "forfeit_unclaimed" { contest_id: i64 } -> usize,
    |c, r, at| r.contests().forfeit_unclaimed(c.contest_id, at.now)
}

crate::command! {
    read
    WinnerAddress = "winner_address" { winner_id: i64 } -> ShipmentInput,
    |c, r, at| r.contests().winner_address(c.winner_id)
}

crate::command! {
    PrepareShipment = "prepare_shipment" { winner_id: i64, input: ShipmentInput } -> i64,
    |c, r, at| r.contests().prepare_shipment(c.winner_id, &c.input, at.now)
}

crate::command! {
    UpdateShipment = "update_shipment" {
        id: i64,
        status: ShipmentStatus,
        carrier: String,
        tracking: String,
        on: NaiveDate,
    } -> (),
    |c, r, at| r.contests().update_shipment(c.id, c.status, &c.carrier, &c.tracking, c.on, at.now)
}

/// The sheet the office's paper takes and the labels to print, for the preview.
#[derive(Debug, Serialize)]
pub struct Labels {
    pub sheet: carnet_docs::Sheet,
    pub labels: Vec<Vec<String>>,
}

crate::command! {
    read
    LabelPreview = "label_preview" { contest_id: i64 } -> Labels,
    |c, r, at| Ok(Labels {
        sheet: carnet_docs::Sheet::for_paper(r.org().profile()?.paper),
        labels: r.contests().labels_to_pack(c.contest_id)?,
    })
}

crate::command! {
    /// The address labels still to print, on the office's sheet from its `start`-th label,
    /// shifted by the printer's offset (millimetres).
    LabelsFile = "labels_file" { contest_id: i64, start: usize, offset_x: f32, offset_y: f32 } -> crate::File,
    |c, r, at| {
        let labels = r.contests().labels_to_print(c.contest_id)?;
        let bytes = carnet_docs::address_labels(
            &labels,
            carnet_docs::Sheet::for_paper(r.org().profile()?.paper),
            carnet_docs::LabelOptions {
                start: c.start,
                offset_mm: (c.offset_x, c.offset_y),
            },
        )?;
        Ok(crate::File {
            name: format!("etiquettes-concours-{}-{}.pdf", c.contest_id, r.local_day(at.now)),
            bytes,
        })
    }
}

crate::command! {
    /// One of the contest's documents: `rules`, `closing_statement`, `draw_report`,
    /// `packing_list`, or `shipments_csv`.
    ContestDocumentFile = "contest_document_file" {
        contest_id: i64,
        document: String,
        language: Option<carnet_core::model::Language>,
    } -> crate::File,
    |c, r, at| {
        let id = c.contest_id;
        let profile = r.org().profile()?;
        let lang = c.language.unwrap_or(profile.language);
        let page = r.contests().page(id, at.now)?;
        let pdf = |doc: carnet_docs::Doc, name: String| -> carnet_core::Result<crate::File> {
            Ok(crate::File { name, bytes: carnet_docs::render(&doc)? })
        };
        match c.document.as_str() {
            "rules" => pdf(
                carnet_docs::contest_rules(&page, &profile, lang),
                format!("reglement-concours-{id}.pdf"),
            ),
            "closing_statement" => pdf(
                carnet_docs::closing_statement(&page, &profile, lang),
                format!("cloture-concours-{id}.pdf"),
            ),
            "draw_report" => pdf(
                carnet_docs::draw_report(&page, &profile, lang),
                format!("rapport-tirage-{id}.pdf"),
            ),
            "packing_list" => pdf(
                carnet_docs::packing_list(&page.contest.data.name, &page.shipments, &profile, lang),
                format!("liste-emballage-{id}.pdf"),
            ),
            "shipments_csv" => Ok(crate::File {
                name: format!("envois-concours-{id}.csv"),
                bytes: r.contests().shipments_csv(id)?,
            }),
            _ => Err(Error::invalid(Field::Entries, "is not a document")),
        }
    }
}

crate::command! {
    read
    /// What a form export (CSV or Excel) would enter in a contest: each line's entry,
    /// likely duplicate or problem. Nothing is written.
    CheckEntriesFile = "check_entries_file" {
        contest_id: i64,
        file: crate::File,
        link_existing: bool,
    } -> carnet_core::contests::ImportReport,
    |c, r, at| {
        let how = carnet_core::contests::EntryImport { dry_run: true, link_existing: c.link_existing };
        r.contests().import_entries(c.contest_id, &c.file.bytes, how, at.now)
    }
}

crate::command! {
    /// Enters a form export's lines in a contest, all of them or none (a line with a
    /// problem stops the import, which then only reports).
    ImportEntriesFile = "import_entries_file" {
        contest_id: i64,
        file: crate::File,
        link_existing: bool,
    } -> carnet_core::contests::ImportReport,
    |c, r, at| {
        let how = carnet_core::contests::EntryImport { dry_run: false, link_existing: c.link_existing };
        r.contests().import_entries(c.contest_id, &c.file.bytes, how, at.now)
    }
}
