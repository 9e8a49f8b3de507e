//! The privacy context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::text_enum;

text_enum!(
    /// Why a legal hold keeps a person's record past an erasure or a purge.
    HoldReason, HoldReason {
        Accounting = "accounting",
        LegalProceedings = "legal_proceedings",
        AntiFraud = "anti_fraud",
        Other = "other",
    }
);

text_enum!(
    /// What a retention rule applies to.
    RetentionCategory, Category {
        FormerPeople = "former_people",
        ClosedRequests = "closed_requests",
        AuditLog = "audit_log",
        Incidents = "incidents",
        Billing = "billing",
    }
);

text_enum!(
    /// Why a processing is lawful (GDPR Art. 6; Quebec: consent or necessity).
    LegalBasis, LegalBasis {
        Consent = "consent",
        Contract = "contract",
        LegalObligation = "legal_obligation",
        LegitimateInterest = "legitimate_interest",
    }
);

text_enum!(
    /// Who receives data: a processor acting for the office, another recipient, the public.
    RecipientRole, Recipient {
        Processor = "processor",
        Recipient = "recipient",
        Public = "public",
    }
);

/// The privacy context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub hold_reasons: &'static [HoldReason],
    pub retention_categories: &'static [RetentionCategory],
    pub legal_bases: &'static [LegalBasis],
    pub recipient_roles: &'static [RecipientRole],
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            hold_reasons: HoldReason::ALL,
            retention_categories: RetentionCategory::ALL,
            legal_bases: LegalBasis::ALL,
            recipient_roles: RecipientRole::ALL,
        }
    }
}
