//! Which portal, with which account: one rule for the app and the command line. The address and
//! the account come from `--portal` / `SPORTELLO_PORTAL_URL` and `SPORTELLO_PORTAL_USER`, else from
//! `[portal]` in `sportello.toml`; the password from `SPORTELLO_PORTAL_PASSWORD`, else the file
//! `[portal] password_file` names. The mappings from `--mappings`, `[portal] mappings`, else the
//! shipped file.

use std::path::Path;

use sportello_portal::mapping::Mappings;
use sportello_store::PortalSettings;

use crate::LinkConfig;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Reads a mapping file, or the shipped one.
pub fn mappings(path: Option<&Path>) -> Result<Mappings, String> {
    match path {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                format!(
                    "file delle corrispondenze {} non leggibile: {e}",
                    path.display()
                )
            })?;
            Mappings::from_toml(&text).map_err(|e| {
                format!(
                    "file delle corrispondenze {} non valido: {}",
                    path.display(),
                    e.message()
                )
            })
        }
        None => Mappings::shipped().map_err(|e| format!("corrispondenze incluse non valide: {e}")),
    }
}

/// The portal this installation syncs with, or `None` when none is named. `url` and `mappings`
/// are the command line's flags, which win.
pub fn portal(
    url: Option<String>,
    mappings_flag: Option<&Path>,
    settings: Option<&PortalSettings>,
) -> Result<Option<LinkConfig>, String> {
    let Some(url) = url
        .or_else(|| env("SPORTELLO_PORTAL_URL"))
        .or_else(|| settings.map(|s| s.url.clone()))
    else {
        return Ok(None);
    };
    let user = env("SPORTELLO_PORTAL_USER")
        .or_else(|| settings.map(|s| s.user.clone()))
        .ok_or("impostare SPORTELLO_PORTAL_USER (o [portal] user in sportello.toml) con l'utente operatore del portale")?;
    let password = if let Some(password) = env("SPORTELLO_PORTAL_PASSWORD") {
        password
    } else {
        let file = settings.and_then(|s| s.password_file.as_ref()).ok_or(
            "impostare SPORTELLO_PORTAL_PASSWORD (o [portal] password_file in sportello.toml) con la password dell'utente del portale",
        )?;
        std::fs::read_to_string(file)
            .map_err(|e| {
                format!(
                    "file della password del portale {} non leggibile: {e}",
                    file.display()
                )
            })?
            .trim()
            .to_owned()
    };
    let mapping_path = mappings_flag.or_else(|| settings.and_then(|s| s.mappings.as_deref()));
    Ok(Some(LinkConfig::new(
        &url,
        &user,
        &password,
        mappings(mapping_path)?,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configured_portal_takes_its_password_from_a_file_and_nothing_means_no_portal() {
        if env("SPORTELLO_PORTAL_URL").is_some() || env("SPORTELLO_PORTAL_PASSWORD").is_some() {
            return; // the environment names a portal: it would win over the file
        }
        assert!(portal(None, None, None).unwrap().is_none());
        let secret = std::env::temp_dir().join(format!("sportello-portal-{}", std::process::id()));
        std::fs::write(&secret, "segreta\n").unwrap();
        let settings = PortalSettings {
            url: "https://servizi.comune.it/lang/api".into(),
            user: "sportello".into(),
            password_file: Some(secret.clone()),
            mappings: None,
        };
        let config = portal(None, None, Some(&settings)).unwrap().unwrap();
        assert_eq!(
            (
                config.portal_url.as_str(),
                config.user.as_str(),
                config.password.as_str()
            ),
            ("https://servizi.comune.it/lang/api", "sportello", "segreta")
        );
        // The flag wins over the file.
        let flagged = portal(
            Some("http://127.0.0.1:9/lang/api".into()),
            None,
            Some(&settings),
        );
        assert_eq!(
            flagged.unwrap().unwrap().portal_url,
            "http://127.0.0.1:9/lang/api"
        );
        std::fs::remove_file(&secret).unwrap();
        let missing = portal(None, None, Some(&settings)).unwrap_err();
        assert!(missing.contains("non leggibile"), "{missing}");
    }
}
