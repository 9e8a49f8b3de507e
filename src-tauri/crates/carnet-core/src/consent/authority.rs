//! Who may record a consent for a person: the minors' rule per jurisdiction.

use crate::consent::{ConsentAction, GivenBy};
use crate::error::ConsentRule;
use crate::model::Jurisdiction;

/// Who may record a consent for a person, minor or not (`OrganisationProfile::is_minor`:
/// an unknown birth date counts as an adult). Withdrawals are always
/// accepted from the person or a linked giver, since withdrawing must be as easy as
/// consenting.
pub fn authority(
    action: ConsentAction,
    given_by: GivenBy,
    giver_linked: bool,
    minor: bool,
    jurisdiction: Jurisdiction,
    age_of_consent: u8,
) -> std::result::Result<(), ConsentRule> {
    if given_by != GivenBy::Person && !giver_linked {
        return Err(ConsentRule::GiverNotLinked);
    }
    if action == ConsentAction::Withdrawn {
        return Ok(());
    }
    match (minor, jurisdiction, given_by) {
        (false, _, GivenBy::Person) => Ok(()),
        (false, _, _) => Err(ConsentRule::AdultConsentsForThemselves),
        (
            true,
            Jurisdiction::Quebec,
            GivenBy::Guardian | GivenBy::GuardianWithChild | GivenBy::School,
        ) => Ok(()),
        (true, Jurisdiction::Quebec, GivenBy::Person) => {
            Err(ConsentRule::MinorNeedsGuardian { age_of_consent })
        }
        (true, Jurisdiction::France, GivenBy::GuardianWithChild) => Ok(()),
        (true, Jurisdiction::France, _) => {
            Err(ConsentRule::MinorNeedsJointConsent { age_of_consent })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsentAction::*;
    use GivenBy::*;
    use Jurisdiction::*;

    /// (action, given_by, linked, age, jurisdiction, age_of_consent, expected)
    type Case = (
        ConsentAction,
        GivenBy,
        bool,
        Option<i32>,
        Jurisdiction,
        u8,
        std::result::Result<(), ConsentRule>,
    );

    #[test]
    fn authority_table() {
        let cases: &[Case] = &[
            (Granted, Person, true, Some(30), Quebec, 14, Ok(())),
            (Granted, Person, true, None, France, 15, Ok(())),
            (Granted, Person, true, Some(14), Quebec, 14, Ok(())),
            (
                Granted,
                Person,
                true,
                Some(13),
                Quebec,
                14,
                Err(ConsentRule::MinorNeedsGuardian { age_of_consent: 14 }),
            ),
            (Granted, Guardian, true, Some(13), Quebec, 14, Ok(())),
            (Granted, School, true, Some(9), Quebec, 14, Ok(())),
            (
                Granted,
                Guardian,
                false,
                Some(9),
                Quebec,
                14,
                Err(ConsentRule::GiverNotLinked),
            ),
            (
                Granted,
                Guardian,
                true,
                Some(14),
                France,
                15,
                Err(ConsentRule::MinorNeedsJointConsent { age_of_consent: 15 }),
            ),
            (
                Granted,
                School,
                true,
                Some(10),
                France,
                15,
                Err(ConsentRule::MinorNeedsJointConsent { age_of_consent: 15 }),
            ),
            (
                Granted,
                GuardianWithChild,
                true,
                Some(14),
                France,
                15,
                Ok(()),
            ),
            (Granted, Person, true, Some(15), France, 15, Ok(())),
            (
                Granted,
                Guardian,
                true,
                Some(15),
                France,
                15,
                Err(ConsentRule::AdultConsentsForThemselves),
            ),
            (
                Granted,
                Person,
                true,
                Some(12),
                Quebec,
                13,
                Err(ConsentRule::MinorNeedsGuardian { age_of_consent: 13 }),
            ),
            (Granted, Person, true, Some(13), Quebec, 13, Ok(())),
            (Withdrawn, Person, true, Some(9), France, 15, Ok(())),
            (Withdrawn, Guardian, true, Some(9), France, 15, Ok(())),
            (
                Withdrawn,
                Guardian,
                false,
                Some(9),
                France,
                15,
                Err(ConsentRule::GiverNotLinked),
            ),
        ];
        for (i, (action, by, linked, age, j, aoc, want)) in cases.iter().enumerate() {
            let profile = crate::org::OrganisationProfile {
                age_of_consent: Some(*aoc),
                ..crate::org::OrganisationProfile::new("x", *j)
            };
            assert_eq!(
                authority(*action, *by, *linked, profile.is_minor(*age), *j, *aoc),
                *want,
                "case {i}"
            );
        }
    }
}
