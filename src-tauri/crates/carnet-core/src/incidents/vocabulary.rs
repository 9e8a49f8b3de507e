//! The incidents context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::text_enum;

text_enum!(
    /// What happened to the information (Quebec's regulation names access, use and
    /// communication not authorised by law, and loss).
    IncidentNature, IncidentNature {
        Access = "access",
        Use = "use",
        Disclosure = "disclosure",
        Loss = "loss",
        Other = "other",
    }
);

text_enum!(
    /// How likely harm is, in the risk analysis.
    Likelihood, Likelihood {
        Unlikely = "unlikely",
        Possible = "possible",
        Likely = "likely",
        VeryLikely = "very_likely",
    }
);

/// The incidents context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub incident_natures: &'static [IncidentNature],
    pub likelihoods: &'static [Likelihood],
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            incident_natures: IncidentNature::ALL,
            likelihoods: Likelihood::ALL,
        }
    }
}
