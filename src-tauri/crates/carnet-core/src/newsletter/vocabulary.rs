//! The newsletter context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::{text_enum, Jurisdiction};

text_enum!(
    /// How a newsletter consent was obtained: express (the person opted in) or, in
    /// Canada (CASL), implied by a relationship, which expires.
    ConsentKind, ConsentKind { Express = "express", Implied = "implied" }
);

text_enum!(
    /// What an implied consent rests on (CASL s. 10(9)–(10)).
    ImpliedSource, ImpliedSource {
        Purchase = "purchase",
        Membership = "membership",
        Donation = "donation",
        Volunteering = "volunteering",
        Inquiry = "inquiry",
    }
);

impl ImpliedSource {
    /// How long CASL lets an implied consent last after its source: two years after a
    /// purchase, a membership, a donation or volunteering; six months after an inquiry.
    pub fn months(self, j: Jurisdiction) -> u32 {
        match (j, self) {
            (Jurisdiction::Quebec, ImpliedSource::Inquiry) => 6,
            (Jurisdiction::Quebec, _) => 24,
            // France: an existing customer may be written to about similar products; the
            // CNIL's reference keeps prospects three years from the last contact.
            (Jurisdiction::France, _) => 36,
        }
    }
}

text_enum!(
    /// A mailing tool's file format.
    MailingFormat, MailingFormat { Mailchimp = "mailchimp", Brevo = "brevo" }
);

/// The newsletter context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub consent_kinds: &'static [ConsentKind],
    pub implied_sources: &'static [ImpliedSource],
    pub mailing_formats: &'static [MailingFormat],
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            consent_kinds: ConsentKind::ALL,
            implied_sources: ImpliedSource::ALL,
            mailing_formats: MailingFormat::ALL,
        }
    }
}
