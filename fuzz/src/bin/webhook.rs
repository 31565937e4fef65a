//! The listener's router (capture, signatures, the answer, event and fallback handlers)
//! on any request: the bytes are a method, a path, a query, headers and a body.
use std::{panic::AssertUnwindSafe, sync::Arc};

use axum::{body::Body, http::Request};
use callboard_server::{
    ActiveNcco, Discard, Probes, Services, StreamOptions, WebhookPaths, router,
};
use tower::ServiceExt;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let paths = WebhookPaths::default();
    let signatures = callboard_server::SignaturePolicy::default();
    signatures.set(
        callboard_server::SignatureMode::Report,
        Some("secret".into()),
    );
    let app = router(
        &paths,
        Services {
            ncco: ActiveNcco::new(
                serde_json::json!([{"action": "talk", "text": "Hi {from}"}]),
                "https://x.example",
            ),
            probes: Probes::default(),
            exchanges: Arc::new(Discard),
            streams: Arc::new(Discard),
            stream: StreamOptions::default(),
            signatures,
            forward: callboard_server::Forwarding::default(),
            taps: callboard_server::Taps::default(),
        },
    );
    let routes = [paths.answer, paths.event, paths.fallback];
    // A panic is what the fuzzer looks for; nothing here is used after one.
    let (app, runtime) = (AssertUnwindSafe(app), AssertUnwindSafe(runtime));
    afl::fuzz!(|data: &[u8]| {
        let p = callboard_fuzz::parts(data, 5);
        let method =
            ["GET", "POST", "PUT", "HEAD"][usize::from(p[0].first().copied().unwrap_or(0)) % 4];
        let path = &routes[usize::from(p[1].first().copied().unwrap_or(0)) % 3];
        let query = String::from_utf8_lossy(p[2]);
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{path}?{query}"));
        for line in p[3].split(|b| *b == b'\n') {
            if let Some(at) = line.iter().position(|b| *b == b':') {
                request = request.header(&line[..at], &line[at + 1..]);
            }
        }
        let Ok(request) = request.body(Body::from(p[4].to_vec())) else {
            return;
        };
        let response = runtime
            .block_on(app.clone().oneshot(request))
            .expect("infallible");
        assert!(
            !response.status().is_server_error(),
            "a 5xx for {method} {path}"
        );
    });
}
