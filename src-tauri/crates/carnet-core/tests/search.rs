//! Name search against an oracle: for many generated queries (one to three words of one to
//! four letters, shared initials, accents and case), the register finds exactly the people
//! a brute-force check of every name finds — through the token ranges and through the pairs
//! of initials, on the signatures written at insert, on update, and by migration 14.

mod common;

use carnet_core::Contexts;
use std::collections::BTreeSet;

use carnet_core::fold;
use carnet_core::model::Jurisdiction;
use carnet_core::register::migrations;
use common::*;

const GIVEN: &[&str] = &[
    "Zoë",
    "Marie",
    "Mathis",
    "Béatrice",
    "Léa",
    "Ève",
    "Noé",
    "Maël",
    "Bruno",
    "Émile",
];
const FAMILY: &[&str] = &[
    "Lefèvre-Cœurdevey",
    "Bélanger",
    "Morin",
    "Moreau",
    "Bouchard",
    "Lévesque",
    "Ba",
    "Ma Tremblay",
    "Roy",
    "Côté",
    "Mo",
    "Zhang",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn oracle(names: &[(i64, String)], query: &str) -> BTreeSet<i64> {
    let words = fold::tokens(query);
    names
        .iter()
        .filter(|(_, name)| {
            let tokens = fold::tokens(name);
            words
                .iter()
                .all(|w| tokens.iter().any(|t| t.starts_with(w.as_str())))
        })
        .map(|(id, _)| *id)
        .collect()
}

fn queries(rng: &mut Rng, n: usize) -> Vec<String> {
    let letters: Vec<String> = GIVEN
        .iter()
        .chain(FAMILY)
        .flat_map(|s| fold::tokens(s))
        .collect();
    (0..n)
        .map(|_| {
            let words = 1 + rng.below(3);
            (0..words)
                .map(|_| {
                    let t = &letters[rng.below(letters.len())];
                    let len = 1 + rng.below(4.min(t.chars().count()));
                    let w: String = t.chars().take(len).collect();
                    if rng.below(2) == 0 {
                        w.to_uppercase()
                    } else {
                        w
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn check(reg: &carnet_core::Register, names: &[(i64, String)], rng: &mut Rng) {
    for q in queries(rng, 150).iter().chain(
        [
            "be mo",
            "m ma",
            "ma mo",
            "z l",
            "b b",
            "e n",
            "ma tr",
            "L Z",
            "lef coeur zo",
        ]
        .map(String::from)
        .iter(),
    ) {
        let found: BTreeSet<i64> = reg
            .people()
            .search(q, 10_000)
            .unwrap()
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(found, oracle(names, q), "query {q:?}");
    }
}

#[test]
fn search_finds_exactly_what_a_brute_force_check_finds() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let mut rng = Rng(0x5eed);
    // Enough people that common beginnings ("ma", "b") pass the 2,000 name parts past
    // which a search uses the pairs of prefixes.
    let mut inputs = Vec::new();
    let mut texts = Vec::new();
    for _ in 0..9000 {
        let (g, f) = (
            GIVEN[rng.below(GIVEN.len())],
            FAMILY[rng.below(FAMILY.len())],
        );
        inputs.push(person(g, f, None));
        texts.push(format!("{g} {f}"));
    }
    let ids = reg.people().add_many(&inputs, now()).unwrap();
    let mut names: Vec<(i64, String)> = ids.into_iter().zip(texts).collect();
    check(&reg, &names, &mut rng);
    // A renamed person is found under the new name only (tokens, signature and pairs
    // rewritten).
    let (id, _) = names[0].clone();
    reg.people()
        .update(id, &person("Quentin", "Xavier", None), now())
        .unwrap();
    names[0].1 = "Quentin Xavier".into();
    check(&reg, &names, &mut rng);
}

/// Migration 14 writes the signatures and pairs of people registered before it.
#[test]
fn migration_14_indexes_the_people_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let (mut conn, _key) = keyed_connection(&path);
    migrations::migrate_to(&mut conn, 13).unwrap();
    let people = [(1, "Zoë Lefèvre"), (2, "Béatrice Morin"), (3, "Mathis Ma")];
    for (id, name) in people {
        conn.execute(
            "INSERT INTO people (id, given_name, family_name, sort_key, preferred_language, collection_channel, collected_on, created_at, updated_at)
             VALUES (?1, '', '', '', 'fr', 'paper_form', '2026-01-01', 't', 't')",
            [id],
        )
        .unwrap();
        for t in fold::tokens(name) {
            conn.execute(
                "INSERT INTO name_tokens (token, person_id) VALUES (?1, ?2)",
                rusqlite::params![t, id],
            )
            .unwrap();
        }
    }
    migrations::migrate_to(&mut conn, 14).unwrap();
    let unsigned: i64 = conn
        .query_row("SELECT count(*) FROM name_tokens WHERE sig = -1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(unsigned, 0);
    let pairs: Vec<(String, i64)> = conn
        .prepare("SELECT pair, person_id FROM name_initials ORDER BY person_id, pair")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        pairs,
        [
            ("l z".to_string(), 1),
            ("le zo".to_string(), 1),
            ("b m".to_string(), 2),
            ("be mo".to_string(), 2),
            ("m m".to_string(), 3),
            ("ma ma".to_string(), 3),
        ]
    );
    let sig: i64 = conn
        .query_row(
            "SELECT sig FROM name_tokens WHERE person_id = 1 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sig, fold::name_signature(&fold::tokens("Zoë Lefèvre")));
}
