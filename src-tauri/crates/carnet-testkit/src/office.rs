//! An office's register with staff accounts, as the service's tests, the command line's
//! and the app's share it: Hélène Tremblay (the person in charge), Sophie Gagnon (office
//! staff) and one person, Léa Tremblay. Passphrases are derived with light parameters.

use std::path::{Path, PathBuf};

use carnet_core::accounts::AccountKey;
use carnet_core::model::{Channel, Jurisdiction, StaffRole};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::PersonInput;
use carnet_core::secret::KdfParams;
use carnet_core::{Contexts, Protection, Register, Vault};
use chrono::{NaiveDate, Utc};

/// Light Argon2id parameters: the tests check the rules, not the cost.
pub const FAST: KdfParams = KdfParams {
    m_kib: 1024,
    t: 1,
    p: 1,
};
pub const DIRECTRICE: &str = "la phrase de la directrice du club";
pub const SECRETAIRE: &str = "la phrase de la secrétaire du club";

pub struct Office {
    pub db: PathBuf,
    pub recovery_text: String,
    pub helene: i64,
    pub sophie: i64,
    pub lea: i64,
}

/// Creates the office's register as `carnet.db` in `dir` (closed again on return).
pub fn office_in(dir: &Path) -> Office {
    let db = dir.join("carnet.db");
    let now = Utc::now();
    let created = Register::create(
        &db,
        Protection::Passphrase {
            passphrase: "une phrase pour créer le registre",
            params: FAST,
        },
        &OrganisationProfile::new("Club des jeunes pianistes", Jurisdiction::Quebec),
        now,
    )
    .expect("the office's register is created");
    let recovery_text = created.recovery_key.expose().to_owned();
    let mut reg = created.register;
    reg.set_staff("Hélène");
    let lea = reg
        .people()
        .add(
            &PersonInput::named(
                "Léa",
                "Tremblay",
                Channel::PaperForm,
                NaiveDate::from_ymd_opt(2026, 9, 1).expect("a day"),
            ),
            now,
        )
        .expect("Léa is added");
    let mut add = |name: &str, role, pass| {
        reg.accounts()
            .add(
                name,
                role,
                AccountKey::Passphrase(pass, FAST),
                &Vault::none(),
                now,
            )
            .expect("an account is added")
    };
    let helene = add("Hélène Tremblay", StaffRole::PrivacyOfficer, DIRECTRICE);
    let sophie = add("Sophie Gagnon", StaffRole::OfficeStaff, SECRETAIRE);
    Office {
        db,
        recovery_text,
        helene,
        sophie,
        lea,
    }
}
