//! Every operation of the newsletter context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Any, Needs};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    // a list is a consent purpose: its wording is the person in charge's
    ("newsletter.add_list", Needs(P::ConsentCatalogue)),
    ("newsletter.subscribers", Any),
    ("newsletter.list", Any),
    ("newsletter.lists", Any),
    ("newsletter.summary", Any),
    ("newsletter.pending_unsubscribes", Any),
    ("newsletter.subscribe", Any),
    ("newsletter.subscription_state", Any),
    ("newsletter.subscriptions_of", Any),
    ("newsletter.unsubscribe", Any),
    ("newsletter.unsubscribes_done", Any),
    ("newsletter.export_mailing", Needs(P::ExportLists)),
    // carrying out unsubscribes in the mailing tool is a duty, not a disclosure
    ("newsletter.export_unsubscribes", Any),
    ("newsletter.import_mailing", Any),
];
