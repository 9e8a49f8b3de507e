//! People: the list, search as you type, a person's page, adding and editing.

use carnet_core::people::{PersonInput, PersonSummary};
use carnet_core::Contexts;
use serde::Serialize;

/// A page of the people list, with the total.
#[derive(Debug, Serialize)]
pub struct PeoplePage {
    pub total: i64,
    pub people: Vec<PersonSummary>,
}

crate::command! {
    read
    ListPeople = "list_people" { offset: u32, limit: u32 } -> PeoplePage,
    |c, r, at| Ok(PeoplePage {
        total: r.people().count()?,
        people: r.people().list(c.offset, c.limit.min(1000))?,
    })
}

crate::command! {
    read
    SearchPeople = "search_people" { query: String, limit: usize } -> Vec<PersonSummary>,
    |c, r, at| r.people().search(&c.query, c.limit.min(200))
}

crate::command! {
    read
    PersonPage = "person_page" { id: i64 } -> carnet_core::people::PersonPage,
    |c, r, at| {
        let today = r.local_day(at.now);
        r.people().page(c.id, today)
    }
}

crate::command! {
    /// Adds a person (no id) or saves an edit; the person's id.
    SavePerson = "save_person" { id: Option<i64>, input: PersonInput } -> i64,
    |c, r, at| match c.id {
        Some(id) => r.people().update(id, &c.input, at.now).map(|()| id),
        None => r.people().add(&c.input, at.now),
    }
}
