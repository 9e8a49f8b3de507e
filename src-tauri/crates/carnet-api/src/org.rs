//! The organisation: its profile (settings) and the other organisations (schools).

use carnet_core::org::{Organisation, OrganisationInput, OrganisationProfile};
use carnet_core::Contexts;

crate::command! {
    read
    Organisations = "organisations" {} -> Vec<Organisation>,
    |c, r, at| r.org().organisations()
}

crate::command! {
    AddOrganisation = "add_organisation" { input: OrganisationInput } -> i64,
    |c, r, at| r.org().add_organisation(&c.input, at.now)
}

crate::command! {
    read
    Profile = "profile" {} -> OrganisationProfile,
    |c, r, at| r.org().profile()
}

crate::command! {
    UpdateProfile = "update_profile" { profile: OrganisationProfile } -> (),
    |c, r, at| r.org().update_profile(&c.profile, at.now)
}

/// What the window's frame shows once a register is open: whose it is, the requests'
/// warning in the navigation, and who is signed in.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Home {
    pub profile: OrganisationProfile,
    pub requests: carnet_core::requests::RequestCounts,
    pub session: carnet_core::accounts::Session,
}

crate::command! {
    read
    HomeStatus = "home" {} -> Home,
    |c, r, at| {
        let today = r.local_day(at.now);
        Ok(Home {
            profile: r.org().profile()?,
            requests: r.requests().counts(today, carnet_core::requests::DUE_SOON_DAYS)?,
            session: r.session(),
        })
    }
}
