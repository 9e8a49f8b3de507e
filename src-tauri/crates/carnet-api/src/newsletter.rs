//! Newsletter lists: subscribers with their terms, subscribing and unsubscribing, the
//! unsubscribes to carry out.

use carnet_core::model::Channel;
use carnet_core::newsletter::{
    ListInput, NewsletterList, NewsletterSummary, PendingUnsubscribe, Subscriber, Subscription,
    SubscriptionState,
};
use carnet_core::Contexts;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Overview {
    pub lists: Vec<NewsletterList>,
    pub summary: NewsletterSummary,
    pub pending: Vec<PendingUnsubscribe>,
}

crate::command! {
    read
    NewsletterOverview = "newsletter_overview" {} -> Overview,
    |c, r, at| Ok(Overview {
        lists: r.newsletter().lists(at.now)?,
        summary: r.newsletter().summary(at.now)?,
        pending: r.newsletter().pending_unsubscribes(at.now)?,
    })
}

crate::command! {
    read
    ListSubscribers = "list_subscribers" { list_id: i64 } -> Vec<Subscriber>,
    |c, r, at| r.newsletter().subscribers(c.list_id, at.now)
}

crate::command! {
    AddNewsletterList = "add_newsletter_list" { input: ListInput } -> i64,
    |c, r, at| {
        let today = r.local_day(at.now);
        r.newsletter().add_list(&c.input, today, at.now)
    }
}

crate::command! {
    read
    SubscriptionsOf = "subscriptions_of" { person_id: i64 } -> Vec<SubscriptionState>,
    |c, r, at| r.newsletter().subscriptions_of(c.person_id, at.now)
}

crate::command! {
    Subscribe = "subscribe" { input: Subscription } -> i64,
    |c, r, at| r.newsletter().subscribe(&c.input, at.now)
}

crate::command! {
    Unsubscribe = "unsubscribe" { person_id: i64, list_id: i64, channel: Channel, evidence: String } -> i64,
    |c, r, at| r.newsletter().unsubscribe(c.person_id, c.list_id, c.channel, &c.evidence, at.now, at.now)
}

crate::command! {
    UnsubscribesDone = "unsubscribes_done" { list_id: i64 } -> usize,
    |c, r, at| r.newsletter().unsubscribes_done(c.list_id, at.now)
}

crate::command! {
    /// The subscribers in force (or, with `unsubscribes`, the pending unsubscribes) in a
    /// mailing tool's import format.
    MailingExportFile = "mailing_export_file" {
        list_id: i64,
        format: carnet_core::newsletter::MailingFormat,
        unsubscribes: bool,
    } -> crate::File,
    |c, r, at| {
        let export = if c.unsubscribes {
            r.newsletter().export_unsubscribes(c.list_id, c.format, at.now)?
        } else {
            r.newsletter().export_mailing(c.list_id, c.format, at.now)?
        };
        Ok(crate::File { name: export.file_name, bytes: export.bytes })
    }
}

crate::command! {
    read
    /// What a mailing tool's export (Mailchimp, Brevo) would change in a list: the
    /// unsubscribes and cleaned addresses it reports. Nothing is written.
    CheckMailingFile = "check_mailing_file" {
        list_id: i64,
        format: carnet_core::newsletter::MailingFormat,
        file: crate::File,
    } -> carnet_core::newsletter::MailingImportReport,
    |c, r, at| {
        let table = carnet_core::exchange::read_table(&c.file.bytes)?;
        let how = carnet_core::newsletter::MailingImport { list_id: c.list_id, format: c.format, dry_run: true };
        r.newsletter().import_mailing(&table, how, at.now)
    }
}

crate::command! {
    /// Records what a mailing tool's export reports (unsubscribes, cleaned addresses),
    /// with that file as the proof.
    ImportMailingFile = "import_mailing_file" {
        list_id: i64,
        format: carnet_core::newsletter::MailingFormat,
        file: crate::File,
    } -> carnet_core::newsletter::MailingImportReport,
    |c, r, at| {
        let table = carnet_core::exchange::read_table(&c.file.bytes)?;
        let how = carnet_core::newsletter::MailingImport { list_id: c.list_id, format: c.format, dry_run: false };
        r.newsletter().import_mailing(&table, how, at.now)
    }
}
