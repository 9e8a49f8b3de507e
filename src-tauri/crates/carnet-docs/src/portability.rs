//! The portability export (GDPR Art. 20, Quebec s.27): the data the person provided,
//! as one JSON file and one CSV file per kind of record, in a ZIP with a short note
//! that says what each file holds.

use std::io::Write;

use carnet_core::export::PersonRecord;
use carnet_core::model::Language;
use carnet_core::{Error, Result};
use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use zip::write::SimpleFileOptions;

/// The ZIP's bytes. JSON keys and CSV headers are stable English identifiers (software
/// reads them); the note is in the requester's language.
pub fn portability_zip(
    record: &PersonRecord,
    org_name: &str,
    lang: Language,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let sections: Vec<_> = record.sections.iter().filter(|s| s.provided).collect();
    let mut by_key = Map::new();
    for s in &sections {
        let rows: Vec<Value> = s
            .rows
            .iter()
            .map(|r| {
                Value::Object(
                    s.columns
                        .iter()
                        .zip(r)
                        .map(|(c, v)| ((*c).to_owned(), Value::String(v.clone())))
                        .collect(),
                )
            })
            .collect();
        by_key.insert(s.key.to_owned(), Value::Array(rows));
    }
    let data = json!({
        "format": "carnet-portability/1",
        "exported_on": today.to_string(),
        "organisation": org_name,
        "person_id": record.person.id,
        "sections": by_key,
    });
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);

    let fr = lang == Language::Fr;
    let mut note = if fr {
        format!("Renseignements fournis à {org_name}, exportés le {today}.\n\ndata.json : tous les renseignements, dans un format structuré (JSON).\n")
    } else {
        format!("Information provided to {org_name}, exported on {today}.\n\ndata.json: all the information, in a structured format (JSON).\n")
    };
    for s in &sections {
        note.push_str(&format!("{}.csv : {}\n", s.key, section_words(s.key, lang)));
    }
    note.push_str(if fr {
        "\nLes fichiers CSV sont en UTF-8 (avec marque d’ordre des octets, pour Excel), séparés par des virgules, avec une ligne d’en-tête. Une valeur qui commence par = + - ou @ y est précédée d’une apostrophe, pour qu’un tableur ne l’exécute pas comme une formule ; data.json garde les valeurs telles quelles.\n"
    } else {
        "\nCSV files are UTF-8 (with a byte-order mark, for Excel), comma-separated, with a header line. A value starting with = + - or @ is preceded by an apostrophe so that a spreadsheet does not run it as a formula; data.json keeps the values as they are.\n"
    });

    let note_name = if fr { "LISEZMOI.txt" } else { "README.txt" };
    zip.start_file(note_name, opts).map_err(failed)?;
    zip.write_all(note.as_bytes()).map_err(failed)?;
    zip.start_file("data.json", opts).map_err(failed)?;
    let body = serde_json::to_vec_pretty(&data).map_err(failed)?;
    zip.write_all(&body).map_err(failed)?;
    for s in &sections {
        let mut w = carnet_core::csv_out::SpreadsheetCsv::new();
        w.row(&s.columns)?;
        for r in &s.rows {
            w.row(r)?;
        }
        let bytes = w.finish()?;
        zip.start_file(format!("{}.csv", s.key), opts)
            .map_err(failed)?;
        zip.write_all(&bytes).map_err(failed)?;
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}

fn failed<E>(_: E) -> Error {
    Error::Document("the export file could not be written")
}

fn section_words(key: &str, lang: Language) -> String {
    crate::access::word(key, lang).to_lowercase()
}
