//! Whether a URL names this computer: the one test behind the NCCO rule on `ws://`, the
//! public-URL check (Vonage cannot reach this computer) and the forwarding check (a
//! backend on the listener's own port).

/// `localhost` (and any `*.localhost`), a loopback address, or the unspecified address.
#[must_use]
pub fn is_this_computer(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => {
            domain.eq_ignore_ascii_case("localhost")
                || domain.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback() || ip.is_unspecified(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_computer_by_name_or_address() {
        for local in [
            "http://localhost:3000",
            "http://app.localhost",
            "http://127.0.0.1",
            "http://127.1.2.3",
            "http://[::1]:8000",
            "http://0.0.0.0:8000",
        ] {
            assert!(
                is_this_computer(&url::Url::parse(local).expect("url")),
                "{local}"
            );
        }
        for remote in [
            "https://abc.ngrok.app",
            "http://192.168.1.2",
            "https://localhost.example.com",
        ] {
            assert!(
                !is_this_computer(&url::Url::parse(remote).expect("url")),
                "{remote}"
            );
        }
    }
}
