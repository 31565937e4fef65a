//! Where Callboard sends the account's credentials, and where it refuses to.
//!
//! A Voice API JWT is 15 minutes of full control over the account's calls, and Basic
//! auth is the account itself, so they go only to an API base that is https (plain
//! http only to this computer, where the Sandbox runs). A file named by a webhook
//! (`recording_url`, `transcription_url`) arrives from the public listener, where anyone
//! can post, so the JWT is sent only to the API host the client talks to or to Vonage's
//! own hosts (`*.nexmo.com`, `*.vonage.com`), over https (`docs/vonage.md` §2.1 lists
//! them); the Sandbox's recordings are under its own base URL. Every API client's HTTP
//! client is made here ([`http_client`]), so none skips the check.

use url::{Host, Url};

use crate::error::ApiError;

/// Vonage's own domains: the API, its regional hosts and its media hosts.
const VONAGE_DOMAINS: [&str; 2] = ["nexmo.com", "vonage.com"];

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn is_vonage(url: &Url) -> bool {
    let Some(Host::Domain(name)) = url.host() else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    VONAGE_DOMAINS
        .iter()
        .any(|domain| name == *domain || name.ends_with(&format!(".{domain}")))
}

/// Checks an API base URL: https, or http to this computer only.
///
/// # Errors
/// [`ApiError`] of kind `UntrustedAddress`, saying why.
pub fn check_api_base(base_url: &str) -> Result<(), ApiError> {
    let Ok(url) = Url::parse(base_url) else {
        return Err(ApiError::untrusted(
            format!("{base_url} is not a web address."),
            "Use Vonage's https://api.nexmo.com, or your region's https address.",
        ));
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) => Ok(()),
        "http" => Err(ApiError::untrusted(
            format!(
                "{base_url} is plain http: the account's credentials would cross the network unencrypted."
            ),
            "Use the https address; plain http is only for the Sandbox on this computer.",
        )),
        other => Err(ApiError::untrusted(
            format!("{base_url} uses {other}:, not https."),
            "Use Vonage's https://api.nexmo.com, or your region's https address.",
        )),
    }
}

/// Checks that a file named by a webhook may be fetched with the application's JWT
/// from a client whose API base is `api_base`.
///
/// # Errors
/// [`ApiError`] of kind `UntrustedAddress`, saying why it was refused.
pub fn check_file_url(url: &str, api_base: &str) -> Result<(), ApiError> {
    let refuse = |why: String| {
        Err(ApiError::untrusted(
            why,
            "Only recordings on Vonage's own hosts are downloaded; this link may have come from someone else.",
        ))
    };
    let Ok(file) = Url::parse(url) else {
        return refuse(format!("{url} is not a web address."));
    };
    let base = Url::parse(api_base).ok();
    let same_origin = base
        .as_ref()
        .is_some_and(|base| base.origin() == file.origin());
    match file.scheme() {
        "https" if same_origin || is_vonage(&file) => Ok(()),
        "http" if same_origin && is_loopback(&file) => Ok(()),
        "https" => refuse(format!(
            "{} is not Vonage's: the application's token is sent only to Vonage.",
            file.host_str().unwrap_or(url)
        )),
        _ => refuse(format!(
            "{url} is not https: the application's token would cross the network unencrypted."
        )),
    }
}

/// The HTTP client every Vonage API client uses: `timeout` per request, Callboard's user
/// agent, and no redirects (a redirect would carry the credentials to another address).
///
/// # Errors
/// [`ApiError`] for a base URL that is not https (http only to this computer), or when
/// the client cannot be built.
pub(crate) fn http_client(
    base_url: &str,
    timeout: std::time::Duration,
) -> Result<reqwest::Client, ApiError> {
    check_api_base(base_url)?;
    reqwest::Client::builder()
        .timeout(timeout)
        .user_agent(concat!("callboard/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ApiError::network(base_url, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_bases_are_https_or_this_computer() {
        for fine in [
            "https://api.nexmo.com",
            "https://api-eu-3.vonage.com",
            "http://127.0.0.1:4010",
            "http://localhost:4010",
            "http://[::1]:4010",
        ] {
            assert!(check_api_base(fine).is_ok(), "{fine}");
        }
        for (bad, says) in [
            ("http://api.nexmo.com", "plain http"),
            ("http://192.168.1.10:8080", "plain http"),
            ("ftp://api.nexmo.com", "ftp"),
            ("api.nexmo.com", "not a web address"),
        ] {
            let error = check_api_base(bad).expect_err(bad);
            assert_eq!(error.kind, crate::ApiErrorKind::UntrustedAddress);
            assert!(error.message.contains(says), "{bad}: {}", error.message);
        }
    }

    #[test]
    fn the_token_goes_only_to_vonages_hosts_or_the_clients_own() {
        let vonage = "https://api.nexmo.com";
        for fine in [
            "https://api.nexmo.com/v1/files/aaaaaaaa-bbbb-cccc-dddd-0123456789ab",
            "https://api-us-3.vonage.com/v1/files/x",
            "https://api.nexmo.com:443/v1/files/x",
        ] {
            assert!(check_file_url(fine, vonage).is_ok(), "{fine}");
        }
        assert!(
            check_file_url("http://127.0.0.1:4010/v1/files/x", "http://127.0.0.1:4010").is_ok(),
            "the Sandbox's own recordings"
        );
        for (bad, base, says) in [
            ("https://evil.example/v1/files/x", vonage, "not Vonage's"),
            (
                "https://api.nexmo.com.evil.example/x",
                vonage,
                "not Vonage's",
            ),
            ("https://evilnexmo.com/x", vonage, "not Vonage's"),
            ("http://api.nexmo.com/v1/files/x", vonage, "not https"),
            (
                "http://127.0.0.1:9999/v1/files/x",
                "http://127.0.0.1:4010",
                "not https",
            ),
            (
                "http://attacker.example/x",
                "http://127.0.0.1:4010",
                "not https",
            ),
            ("file:///etc/passwd", vonage, "not https"),
            ("not a url", vonage, "not a web address"),
        ] {
            let error = check_file_url(bad, base).expect_err(bad);
            assert_eq!(error.kind, crate::ApiErrorKind::UntrustedAddress);
            assert!(error.message.contains(says), "{bad}: {}", error.message);
        }
    }
}
