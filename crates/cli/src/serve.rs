//! `callboard-cli serve`: the webhook server without a window. It checks the NCCO (or
//! the flow), prints `{"listening": "http://…"}`, then one JSON line per exchange, each
//! written before the exchange is answered; a flow's lines carry the step entered.

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
    /// What the answer webhook serves: an NCCO file or a flow file.
    pub serve: Serve,
    /// What `{public_url}` becomes.
    pub public_url: Option<String>,
    /// The backend every route is passed on to.
    pub forward: Option<String>,
    /// Where stream recordings go.
    pub record_dir: Option<PathBuf>,
}

/// The file the answer webhook serves.
pub enum Serve {
    /// An NCCO.
    Ncco(PathBuf),
    /// A flow: its first step, then its branches' steps on its own routes.
    Flow(PathBuf),
}

/// Reads and checks what is to be served: an NCCO or a flow, or the exit code once it
/// has said why not (2: unreadable; 1: errors).
fn load(serve: &Serve) -> Result<(Value, Option<callboard_flow::Flow>), ExitCode> {
    let (Serve::Ncco(path) | Serve::Flow(path)) = serve;
    let document: Value = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| callboard_ncco::parse_json(&text).map_err(|e| format!("is {e}")))
    {
        Ok(document) => document,
        Err(reason) => {
            eprintln!("callboard-cli: {}: {reason}", path.display());
            return Err(ExitCode::from(2));
        }
    };
    let (errors, flow): (Vec<(String, String)>, _) = match serve {
        Serve::Ncco(_) => (
            validate(&document)
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| (f.path, f.message))
                .collect(),
            None,
        ),
        Serve::Flow(_) => {
            let flow = match callboard_flow::Flow::from_value(document.clone()) {
                Ok(flow) => flow,
                Err(error) => {
                    eprintln!("callboard-cli: {}: is {error}", path.display());
                    return Err(ExitCode::from(2));
                }
            };
            let errors = callboard_flow::check(&flow)
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| {
                    (
                        f.step.map(|s| format!("step {s}")).unwrap_or_default(),
                        f.message,
                    )
                })
                .collect();
            (errors, Some(flow))
        }
    };
    if !errors.is_empty() {
        for (place, message) in &errors {
            eprintln!("callboard-cli: {}: error {place} {message}", path.display());
        }
        eprintln!(
            "callboard-cli: not serving what Vonage would reject; run `callboard-cli check` for the fixes"
        );
        return Err(ExitCode::from(1));
    }
    Ok((document, flow))
}

/// Serves until Ctrl+C.
pub fn run(options: &Options) -> ExitCode {
    let Options {
        port,
        ref serve,
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
    let (document, flow) = match load(serve) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let runtime = match crate::runtime() {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let served = ActiveNcco::new(document, "http://127.0.0.1");
        if let Some(flow) = flow {
            let key = callboard_flow::model::id_from_name(&flow.name, &[]);
            served.serve_flow(callboard_flow::Runner::new(key, flow));
        }
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
