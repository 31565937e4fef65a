//! Why a request got no answer, in plain words: the one place a network failure
//! (reqwest's error and the errors under it) becomes a sentence a person can act on.
//! The sentence names the host, never the whole URL (which may carry a probe's query or
//! a token).

use std::error::Error as _;

/// What stopped a request, told apart by what a person does about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The name does not resolve: mistyped, gone, or this computer is offline.
    NoSuchHost,
    /// The host answered that nothing listens on that port.
    Refused,
    /// No answer in the time allowed.
    TimedOut,
    /// The connection's certificate was not accepted.
    Certificate,
    /// Anything else on the way.
    Other,
}

/// What stopped `error`.
#[must_use]
pub fn cause(error: &reqwest::Error) -> Cause {
    if error.is_timeout() {
        return Cause::TimedOut;
    }
    let mut source = error.source();
    while let Some(inner) = source {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                return Cause::Refused;
            }
            if io.kind() == std::io::ErrorKind::TimedOut {
                return Cause::TimedOut;
            }
        }
        let text = inner.to_string().to_ascii_lowercase();
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return Cause::NoSuchHost;
        }
        if text.contains("certificate") || text.contains("invalid peer") {
            return Cause::Certificate;
        }
        source = inner.source();
    }
    Cause::Other
}

/// The host and port `error` was for, as a person would write them (`example.com`,
/// `127.0.0.1:3000`), when its URL is known.
#[must_use]
pub fn host(error: &reqwest::Error) -> Option<String> {
    let url = error.url()?;
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// [`host`], or "the server" when the URL is not known.
fn host_of(error: &reqwest::Error) -> String {
    host(error).unwrap_or_else(|| "the server".to_owned())
}

/// Why `error`'s request got no answer, as a whole sentence: [`explain`] with its final
/// stop (a question keeps its question mark).
#[must_use]
pub fn sentence(error: &reqwest::Error) -> String {
    let said = explain(error);
    if said.ends_with('?') {
        said
    } else {
        format!("{said}.")
    }
}

/// Why `error`'s request got no answer, as a sentence without a final stop (a question
/// ends with its question mark).
#[must_use]
pub fn explain(error: &reqwest::Error) -> String {
    let host = host_of(error);
    let tunnel = error
        .url()
        .and_then(|url| url.host_str())
        .is_some_and(|h| h.contains(".ngrok"));
    match cause(error) {
        Cause::NoSuchHost if tunnel => format!(
            "{host} does not exist: is ngrok running, and is this the address it shows now?"
        ),
        Cause::NoSuchHost => format!(
            "{host} could not be found: check the address, or whether this computer is offline"
        ),
        Cause::Refused => format!("{host} refused the connection: nothing is listening there"),
        Cause::TimedOut => format!("{host} did not answer in time"),
        Cause::Certificate => format!("{host}'s certificate was not accepted"),
        Cause::Other => {
            // The innermost error says most; reqwest's own wraps it with the URL.
            let mut innermost: &dyn std::error::Error = error;
            while let Some(inner) = innermost.source() {
                innermost = inner;
            }
            format!("{host} could not be reached ({innermost})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cause, cause, explain, sentence};

    async fn failure(url: &str) -> reqwest::Error {
        reqwest::Client::new()
            .get(url)
            .timeout(std::time::Duration::from_secs(5))
            .send()
            .await
            .expect_err("nothing answers there")
    }

    #[tokio::test]
    async fn a_closed_port_is_refused_and_the_query_is_never_shown() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let error = failure(&format!(
            "http://127.0.0.1:{port}/hook?callboard_probe=secret-nonce"
        ))
        .await;
        assert_eq!(cause(&error), Cause::Refused);
        let said = explain(&error);
        assert_eq!(
            said,
            format!("127.0.0.1:{port} refused the connection: nothing is listening there")
        );
        assert_eq!(sentence(&error), format!("{said}."));
        assert!(!said.contains("callboard_probe"));
    }

    #[tokio::test]
    async fn a_name_that_does_not_resolve_is_told_apart_and_ngrok_is_named() {
        // `.invalid` never resolves (RFC 2606), online or not.
        let error = failure("https://abc123.ngrok-free.invalid/x?callboard_probe=n").await;
        assert_eq!(cause(&error), Cause::NoSuchHost);
        assert_eq!(
            explain(&error),
            "abc123.ngrok-free.invalid does not exist: is ngrok running, and is this the address it shows now?"
        );
        assert_eq!(
            sentence(&error),
            explain(&error),
            "a question gets no second stop"
        );
        let error = failure("https://api.example.invalid/v1").await;
        assert!(
            explain(&error).starts_with("api.example.invalid could not be found"),
            "{}",
            explain(&error)
        );
    }
}
