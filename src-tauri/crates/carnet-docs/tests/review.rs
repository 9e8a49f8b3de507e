//! An access package is reviewed before it goes out: a parent asks about her child, whose
//! record names the other parent and (in a staff note) a sibling. The review flags both;
//! the letter cannot be saved before approval; masking the other parent removes his name
//! from the PDF, which says what was withheld and on which ground; the approval is in the
//! audit log; and any later change to the masks or the record asks for a new approval.

mod common;

use carnet_core::family::{Guardian, Relation};
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::people::PersonInput;
use carnet_core::requests::{IdentityMethod, LetterKind, RefusalGround, RequestInput};
use carnet_core::requests::{RequestKind, Requester, WITHHELD};
use carnet_core::{Code, Contexts};
use carnet_docs::{render, request_letter, request_letter_preview};
use common::*;

#[test]
fn the_review_flags_others_masks_them_and_records_the_approval() {
    let Family {
        dir: _dir,
        mut reg,
        now,
        child,
        parent,
        sibling,
        ..
    } = family(Jurisdiction::Quebec);
    let today = d("2026-11-24");
    // The other parent, linked to the child; a staff note naming the sibling.
    let father = reg
        .people()
        .add(
            &PersonInput::named("Jean", "Cœurdevey", Channel::PaperForm, d("2026-09-01")),
            now,
        )
        .unwrap();
    let father_link = reg
        .family()
        .link_guardian(
            child,
            Guardian::Person(father),
            Relation::Parent,
            d("2016-05-10"),
            now,
        )
        .unwrap();
    let mut input = reg.people().get(child).unwrap().data;
    input.notes = "Repart le mardi avec son frère Anatole".into();
    reg.people().update(child, &input, now).unwrap();

    reg.set_staff("Sophie");
    let req = reg
        .requests()
        .add(
            &RequestInput {
                kind: RequestKind::Access,
                received_on: d("2026-11-20"),
                channel: Channel::Email,
                person_id: child,
                requester: Requester::Guardian,
                requester_person_id: Some(parent),
                requester_name: String::new(),
                notes: String::new(),
            },
            now,
        )
        .unwrap();
    reg.requests()
        .verify_identity(req, IdentityMethod::DocumentSeen, d("2026-11-21"), now)
        .unwrap();

    // The review flags the other parent (a family link) and the note naming the sibling;
    // the requesting mother's own link is not flagged.
    let review = reg.requests().access_review(req, today).unwrap();
    let item = |key: &str| review.items.iter().find(|i| i.key == key).unwrap();
    let father_key = format!("guardians:{father_link}");
    assert_eq!(item(&father_key).others, ["Jean Cœurdevey"]);
    assert!(item(&father_key).flagged());
    let notes = item("identity:notes");
    assert!(notes.staff_text && notes.flagged());
    assert_eq!(notes.others, ["Anatole Lefèvre-Cœurdevey"]);
    let mother = review
        .items
        .iter()
        .find(|i| i.section == "guardians" && i.text == "Marie Lefèvre")
        .unwrap();
    assert!(!mother.flagged(), "the requester's own link is about her");
    // The mother gave every consent: no consent giver is flagged.
    assert!(review
        .items
        .iter()
        .filter(|i| i.field == "giver")
        .all(|i| i.others.is_empty()));
    assert!(
        review.items[..2].iter().all(|i| i.flagged()),
        "flagged first"
    );
    assert_eq!(
        review.grounds,
        [RefusalGround::ThirdParty, RefusalGround::LegalProceedings]
    );
    assert!(review.approval.is_none() && !review.released());
    let _ = sibling;

    // Not approved: the letter is refused, the preview says it is a draft.
    let err = request_letter(&reg, req, LetterKind::AccessReport, None, today).unwrap_err();
    assert_eq!(err.code(), Code::Conflict, "{err}");
    let draft = text(
        &render(&request_letter_preview(&reg, req, LetterKind::AccessReport, None, today).unwrap())
            .unwrap(),
        "review-draft.pdf",
    );
    assert!(draft.contains("BROUILLON"), "{draft}");

    // A mask names an item of this package and a ground of the closed list.
    assert_eq!(
        reg.requests()
            .mask(req, "guardians:99999", RefusalGround::ThirdParty, now)
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    assert_eq!(
        reg.requests()
            .mask(req, &father_key, RefusalGround::IdentityNotEstablished, now)
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    reg.requests()
        .mask(req, &father_key, RefusalGround::ThirdParty, now)
        .unwrap();
    reg.set_staff("Hélène Tremblay");
    let approval = reg.requests().approve_access_package(req, now).unwrap();
    assert_eq!(
        (approval.by.as_str(), approval.withheld),
        ("Hélène Tremblay", 1)
    );
    let audit = reg.audit_log(5).unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == "request.access_package.approve"
            && a.staff == "Hélène Tremblay"
            && a.entity_id == Some(req)));

    let pdf =
        render(&request_letter(&reg, req, LetterKind::AccessReport, None, today).unwrap()).unwrap();
    let report = text(&pdf, "review-masked.pdf");
    assert_no_raw_keys(&report);
    assert_eq!(
        plain_words_broken(&report, &forbidden_words("fr", &["screens", "letters"])),
        Vec::<String>::new()
    );
    // In English too, in the glossary's words.
    let english = text(
        &render(
            &request_letter(
                &reg,
                req,
                LetterKind::AccessReport,
                Some(carnet_core::model::Language::En),
                today,
            )
            .unwrap(),
        )
        .unwrap(),
        "review-masked-en.pdf",
    );
    assert_no_raw_keys(&english);
    assert_eq!(
        plain_words_broken(&english, &forbidden_words("en", &["screens", "letters"])),
        Vec::<String>::new()
    );
    let english = english.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(english.contains("What we do not give") && english.contains("Section 40"));
    assert!(!english.contains("Jean Cœurdevey"));
    let flat = report.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("Jean Cœurdevey") && !flat.contains("Cœurdevey Jean"));
    assert!(!flat.contains(WITHHELD) && !flat.contains("withheld"));
    assert!(!flat.contains("BROUILLON"));
    for needle in [
        "Marie Lefèvre",
        "[retenu : voir « Ce que nous ne communiquons pas »]",
        "Ce que nous ne communiquons pas",
        "Le nom d’un parent ou tuteur",
        "Il révélerait des renseignements sur une autre personne. L’article 40 de la Loi sur la protection des renseignements personnels dans le secteur privé",
        // Not masked: the note stays, sibling's name and all.
        "Repart le mardi avec son frère Anatole",
    ] {
        assert!(flat.contains(needle), "{needle} missing:\n{report}");
    }

    // Masking the note after the approval: the approved package is no longer the one
    // that would go out.
    reg.requests()
        .mask(req, "identity:notes", RefusalGround::ThirdParty, now)
        .unwrap();
    assert!(!reg.requests().access_review(req, today).unwrap().released());
    let err = request_letter(&reg, req, LetterKind::AccessReport, None, today).unwrap_err();
    assert!(err.to_string().contains("changed since"), "{err}");
    reg.requests().approve_access_package(req, now).unwrap();
    let flat = text(
        &render(&request_letter(&reg, req, LetterKind::AccessReport, None, today).unwrap())
            .unwrap(),
        "review-masked-2.pdf",
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(!flat.contains("Anatole") && !flat.contains("Jean Cœurdevey"));
    assert!(flat.contains("Une note du personnel"), "{flat}");

    // A change to the record after approval (a new staff note) asks for a new review too.
    input.notes = "Note réécrite".into();
    reg.people().update(child, &input, now).unwrap();
    assert!(!reg.requests().access_review(req, today).unwrap().released());
    // Unmasking gives the item back once approved again.
    reg.requests().unmask(req, &father_key, now).unwrap();
    reg.requests().approve_access_package(req, now).unwrap();
    let flat = text(
        &render(&request_letter(&reg, req, LetterKind::AccessReport, None, today).unwrap())
            .unwrap(),
        "review-unmasked.pdf",
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(flat.contains("Jean Cœurdevey"));
}
