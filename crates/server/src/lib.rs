//! The embedded webhook listener that Vonage calls through the user's tunnel.
//!
//! The listener is public: anyone with the tunnel URL reaches it. It therefore serves
//! the profile's webhook routes and nothing else: no control endpoint, no secret, no
//! file, and unknown paths get a bare 404 that does not echo the request.
//! [`router`] builds the routes; [`capture`] keeps every exchange before it is
//! acknowledged; [`forward`] passes chosen routes on to the user's own backend;
//! [`Listener`] binds them to an address and shuts down gracefully.

pub mod capture;
pub mod forward;
pub mod listener;
pub mod probes;
pub mod redact;
pub mod router;
pub mod signature;
pub mod stream;

pub use capture::{Discard, Exchange, ExchangeSink, Forwarded, NccoNote, Route, SinkError};
pub use forward::{ForwardTarget, Forwarding};
pub use listener::{BindError, Listener};
pub use probes::Probes;
pub use router::{ActiveNcco, Services, WebhookPaths, backend_router, router, test_router};
pub use signature::{Expected, SignatureMode, SignaturePolicy, Verdict};
pub use stream::{
    AudioReply, SharedReply, StreamMessage, StreamOptions, StreamSession, StreamSink, Taps, analyse,
};
