//! `callboard-cli serve`: the webhook server without a window. It checks the NCCO,
//! prints `{"listening": "http://…"}`, then one JSON line per exchange, each written
//! before the exchange is answered.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use callboard_ncco::{Severity, validate};
use callboard_server::{
    ActiveNcco, Exchange, ExchangeSink, ForwardTarget, Forwarding, Listener, Probes, Services,
    SinkError, StreamOptions, StreamSession, StreamSink, WebhookPaths, router,
};
use serde_json::{Value, json};

/// Prints each exchange, and each stream session when it ends, on standard output.
struct JsonLines;

impl StreamSink for JsonLines {
    async fn update(&self, session: &StreamSession) {
        if session.ended_at_ms.is_some()
            && let Ok(line) = serde_json::to_string(&json!({"stream": session}))
        {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}").and_then(|()| out.flush());
        }
    }
}

impl ExchangeSink for JsonLines {
    async fn record(&self, exchange: Exchange) -> Result<(), SinkError> {
        let line = serde_json::to_string(&exchange).map_err(|e| SinkError(e.to_string()))?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(|e| SinkError(e.to_string()))
    }
}

/// What `serve` was asked to do.
pub struct Options {
    /// The port (0 picks one).
    pub port: u16,
    /// The NCCO file the answer webhook serves.
    pub ncco: PathBuf,
    /// What `{public_url}` becomes.
    pub public_url: Option<String>,
    /// The backend every route is passed on to.
    pub forward: Option<String>,
    /// Where stream recordings go.
    pub record_dir: Option<PathBuf>,
}

/// Serves until Ctrl+C.
pub fn run(options: &Options) -> ExitCode {
    let Options {
        port,
        ref ncco,
        ref public_url,
        ref forward,
        ref record_dir,
    } = *options;
    let forward = match forward.as_deref().map(ForwardTarget::check_base_url) {
        None => None,
        Some(Ok(base_url)) => Some(ForwardTarget {
            base_url,
            answer: true,
            event: true,
            fallback: true,
            stream: true,
        }),
        Some(Err(reason)) => {
            eprintln!("callboard-cli: --forward: {reason}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = record_dir
        && let Err(error) = std::fs::create_dir_all(dir)
    {
        eprintln!("callboard-cli: --record-dir {}: {error}", dir.display());
        return ExitCode::from(2);
    }
    let document: Value = match std::fs::read_to_string(ncco)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| format!("is not valid JSON: {e}")))
    {
        Ok(document) => document,
        Err(reason) => {
            eprintln!("callboard-cli: {}: {reason}", ncco.display());
            return ExitCode::from(2);
        }
    };
    let errors: Vec<_> = validate(&document)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        for finding in &errors {
            eprintln!(
                "callboard-cli: {}: error {} {}",
                ncco.display(),
                finding.path,
                finding.message
            );
        }
        eprintln!(
            "callboard-cli: not serving an NCCO that Vonage would reject; run `callboard-cli check` for the fixes"
        );
        return ExitCode::from(1);
    }
    let runtime = match crate::runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let served = ActiveNcco::new(document, "http://127.0.0.1");
        let paths = WebhookPaths::default();
        let sink = Arc::new(JsonLines);
        let services = Services {
            ncco: served.clone(),
            probes: Probes::default(),
            exchanges: sink.clone(),
            streams: sink,
            stream: StreamOptions {
                record_dir: record_dir.clone(),
                ..StreamOptions::default()
            },
            signatures: callboard_server::SignaturePolicy::default(),
            forward: Forwarding::new(forward.clone()),
            taps: callboard_server::Taps::default(),
        };
        let app = router(&paths, services);
        let listener = match Listener::start(([127, 0, 0, 1], port).into(), app).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("callboard-cli: {error}");
                return ExitCode::from(2);
            }
        };
        let address = format!("http://{}", listener.local_addr());
        served.set_public_url(public_url.clone().unwrap_or_else(|| address.clone()));
        println!(
            "{}",
            json!({"listening": address, "answer": paths.answer, "event": paths.event, "fallback": paths.fallback, "stream": paths.stream,
                   "forward": forward.as_ref().map(|f| &f.base_url), "record_dir": record_dir})
        );
        let _ = tokio::signal::ctrl_c().await;
        listener.shutdown().await;
        ExitCode::SUCCESS
    })
}
