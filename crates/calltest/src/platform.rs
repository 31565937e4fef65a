//! A platform for tests run on their own (`callboard-cli test`): an embedded Sandbox,
//! and Callboard's webhook server answering with a flow or an NCCO, or the user's own
//! backend at an answer URL.

use std::sync::Arc;

use callboard_flow::{Flow, Runner, Taken};
use callboard_server::{
    ActiveNcco, Discard, Exchange, ExchangeSink, Listener, Probes, Services, SinkError,
    StreamOptions, WebhookPaths, router,
};
use callboard_vonage::applications::WebhookName;
use serde_json::{Value, json};
use tokio::sync::broadcast;

use crate::run::Platform;

/// What answers the Sandbox's calls.
#[derive(Debug, Clone)]
pub enum Target {
    /// A flow, served by Callboard's server.
    Flow(Flow),
    /// An NCCO, served by Callboard's server.
    Ncco(Value),
    /// The user's backend: its answer URL, and its event URL if it has one (else
    /// Callboard's server takes the events).
    Backend {
        /// Where the Sandbox fetches the NCCO.
        answer_url: String,
        /// Where it posts events.
        event_url: Option<String>,
    },
}

/// The running Sandbox and server; they stop when this is dropped.
pub struct Harness {
    /// What tests run on.
    pub platform: Platform,
    _sandbox: callboard_sandbox::RunningSandbox,
    listener: Option<Listener>,
}

/// Sends each exchange's flow step to the tests watching.
struct StepSink(broadcast::Sender<(Option<String>, Taken)>);

impl ExchangeSink for StepSink {
    async fn record(&self, exchange: Exchange) -> Result<(), SinkError> {
        if let Some(taken) = exchange.flow {
            let _ = self.0.send((exchange.call_uuid, taken));
        }
        Ok(())
    }
}

impl Harness {
    /// Starts a Sandbox with a new account and, unless the target is the user's own
    /// backend for every webhook, Callboard's server on loopback; points the Sandbox
    /// application's webhooks at them.
    ///
    /// # Errors
    /// Why something could not start (a port, the flow's key).
    pub async fn start(target: Target) -> Result<Self, String> {
        Self::start_with(target, callboard_server::AudioReply::None).await
    }

    /// As [`Harness::start`], with Callboard's stream route answering each call-audio
    /// WebSocket with `reply` (an echo, for audio both ways).
    ///
    /// # Errors
    /// As [`Harness::start`].
    pub async fn start_with(
        target: Target,
        reply: callboard_server::AudioReply,
    ) -> Result<Self, String> {
        let sandbox = callboard_sandbox::serve(
            ([127, 0, 0, 1], 0).into(),
            callboard_sandbox::SandboxAccount::generate(),
        )
        .await
        .map_err(|e| format!("the Sandbox could not start: {e}"))?;
        let state = sandbox.state.clone();
        let (steps, _) = broadcast::channel(4096);
        let served = ActiveNcco::new(json!([]), "http://127.0.0.1");
        match &target {
            Target::Flow(flow) => {
                let key = callboard_flow::model::id_from_name(&flow.name, &[]);
                served.serve_flow(Runner::new(key, flow.clone()));
            }
            Target::Ncco(ncco) => served.replace(ncco.clone()),
            Target::Backend { .. } => {}
        }
        let paths = WebhookPaths::default();
        let services = Services {
            ncco: served.clone(),
            probes: Probes::default(),
            exchanges: Arc::new(StepSink(steps.clone())),
            streams: Arc::new(Discard),
            stream: StreamOptions {
                reply: reply.into(),
                ..StreamOptions::default()
            },
            signatures: callboard_server::SignaturePolicy::default(),
            forward: callboard_server::Forwarding::default(),
            taps: callboard_server::Taps::default(),
        };
        let listener = Listener::start(([127, 0, 0, 1], 0).into(), router(&paths, services))
            .await
            .map_err(|e| format!("Callboard's server could not start: {e}"))?;
        let base = format!("http://{}", listener.local_addr());
        served.set_public_url(base.clone());
        let (answer, event) = match &target {
            Target::Backend {
                answer_url,
                event_url,
            } => (
                answer_url.clone(),
                event_url
                    .clone()
                    .unwrap_or_else(|| format!("{base}{}", paths.event)),
            ),
            _ => (
                format!("{base}{}", paths.answer),
                format!("{base}{}", paths.event),
            ),
        };
        state
            .set_webhook(WebhookName::AnswerUrl, &answer, "GET")
            .await;
        state
            .set_webhook(WebhookName::EventUrl, &event, "POST")
            .await;
        state
            .set_webhook(
                WebhookName::FallbackAnswerUrl,
                &format!("{base}{}", paths.fallback),
                "GET",
            )
            .await;
        Ok(Self {
            platform: Platform {
                sandbox: state,
                steps: Some(steps),
                serves_flow: matches!(target, Target::Flow(_)),
            },
            _sandbox: sandbox,
            listener: Some(listener),
        })
    }

    /// Stops the server (the Sandbox stops when dropped).
    pub async fn stop(mut self) {
        if let Some(listener) = self.listener.take() {
            listener.shutdown().await;
        }
    }
}
