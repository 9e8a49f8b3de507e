//! The requests context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::{text_enum, Jurisdiction};

text_enum!(
    /// What a privacy request asks for.
    RequestKind, RequestKind {
        Access = "access",
        Rectification = "rectification",
        Erasure = "erasure",
        Portability = "portability",
        Objection = "objection",
        ConsentWithdrawal = "consent_withdrawal",
        StopCommunications = "stop_communications",
        Complaint = "complaint",
    }
);

text_enum!(Requester, Requester { Person = "person", Guardian = "guardian", Representative = "representative" });

text_enum!(
    /// How the requester's identity was checked. No copy of an identity document is kept.
    IdentityMethod, IdentityMethod {
        MemberNumber = "member_number",
        EmailCode = "email_code",
        DocumentSeen = "document_seen",
        KnownInPerson = "known_in_person",
    }
);

text_enum!(RequestStatus, RequestStatus {
    Received = "received",
    IdentityVerified = "identity_verified",
    Answered = "answered",
    Refused = "refused",
    Withdrawn = "withdrawn",
});

impl RequestStatus {
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestStatus::Received | RequestStatus::IdentityVerified
        )
    }
}

text_enum!(
    /// The legal ground of a refusal; the letter cites its provision.
    RefusalGround, RefusalGround {
        ThirdParty = "third_party",
        IdentityNotEstablished = "identity_not_established",
        LegalRetention = "legal_retention",
        LegalProceedings = "legal_proceedings",
        ManifestlyUnfounded = "manifestly_unfounded",
        Other = "other",
    }
);

impl RefusalGround {
    /// The article(s) a refusal on this ground relies on, or `None` when the ground does
    /// not exist in that jurisdiction (`Other` names its own provision).
    ///
    /// Quebec: Act respecting the protection of personal information in the private
    /// sector (CQLR c. P-39.1). France: GDPR (EU 2016/679).
    pub fn provision(self, j: Jurisdiction) -> Option<&'static str> {
        use RefusalGround::*;
        match (j, self) {
            (Jurisdiction::Quebec, ThirdParty) => Some("40"),
            (Jurisdiction::Quebec, IdentityNotEstablished) => Some("30"),
            (Jurisdiction::Quebec, LegalRetention) => Some("28"),
            (Jurisdiction::Quebec, LegalProceedings) => Some("39"),
            (Jurisdiction::France, ThirdParty) => Some("15(4)"),
            (Jurisdiction::France, IdentityNotEstablished) => Some("11(2), 12(2)"),
            (Jurisdiction::France, LegalRetention) => Some("17(3)(b)"),
            (Jurisdiction::France, ManifestlyUnfounded) => Some("12(5)(b)"),
            _ => None,
        }
    }

    /// The grounds a refusal may rely on in a jurisdiction, `Other` last.
    pub fn available(j: Jurisdiction) -> Vec<RefusalGround> {
        RefusalGround::ALL
            .iter()
            .copied()
            .filter(|g| *g == RefusalGround::Other || g.provision(j).is_some())
            .collect()
    }
}

/// The requests context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub request_kinds: &'static [RequestKind],
    pub requesters: &'static [Requester],
    pub identity_methods: &'static [IdentityMethod],
    /// How a request can be closed.
    pub closing_statuses: Vec<RequestStatus>,
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            request_kinds: RequestKind::ALL,
            requesters: Requester::ALL,
            identity_methods: IdentityMethod::ALL,
            closing_statuses: RequestStatus::ALL
                .iter()
                .copied()
                .filter(|s| !s.is_open())
                .collect(),
        }
    }
}
