//! Binding the router to a TCP address, and stopping it gracefully.
//!
//! A port already in use is an ordinary outcome ([`BindError::PortBusy`]), never a
//! panic: the app shows it and lets the user pick another port. Shutdown stops
//! accepting at once, lets requests in flight finish, and gives up on connections
//! still open after [`SHUTDOWN_GRACE`].
//!
//! The address is public, so each connection is bounded ([`Limits`]): request headers
//! over 64 KiB get 431, a client that has not sent its whole request head within 30 s
//! is cut off, and at most [`Limits::max_connections`] are served at once (the next one
//! waits in the OS's backlog until one closes).

use std::{io, net::SocketAddr, sync::Arc, time::Duration};

use axum::Router;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::conn::auto::Builder,
    service::TowerToHyperService,
};
use tokio::{
    net::TcpListener,
    sync::{Semaphore, oneshot, watch},
    task::JoinHandle,
};

/// How long shutdown waits for open connections before dropping them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// What one connection, and all of them together, may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes of request line and headers; more gets 431.
    pub max_header_bytes: usize,
    /// How long a client may take to send its whole request head.
    pub header_read_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Default for Limits {
    /// 64 KiB of headers (Vonage sends about 1 KiB), 30 s for them, 4096 connections.
    fn default() -> Self {
        Self {
            max_header_bytes: 64 * 1024,
            header_read_timeout: Duration::from_secs(30),
            max_connections: 4096,
        }
    }
}

/// Why the listener could not start.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    /// Another program already listens on the address.
    #[error("port {} on {} is already in use by another program", .addr.port(), .addr.ip())]
    PortBusy {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// The OS refused the address (ports below 1024 need privileges).
    #[error("the system does not allow listening on {addr}")]
    PermissionDenied {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// Any other I/O failure while binding.
    #[error("could not listen on {addr}: {source}")]
    Io {
        /// The address asked for.
        addr: SocketAddr,
        /// The OS error.
        source: io::Error,
    },
}

/// A running listener. Dropping it without [`Listener::shutdown`] aborts it.
#[derive(Debug)]
pub struct Listener {
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Listener {
    /// Binds `addr` and serves `router` on it in the background.
    ///
    /// # Errors
    /// A [`BindError`] saying why the address could not be used.
    pub async fn start(addr: SocketAddr, router: Router) -> Result<Self, BindError> {
        Self::start_with(addr, router, Limits::default()).await
    }

    /// [`Listener::start`] with other [`Limits`].
    ///
    /// # Errors
    /// A [`BindError`] saying why the address could not be used.
    pub async fn start_with(
        addr: SocketAddr,
        router: Router,
        limits: Limits,
    ) -> Result<Self, BindError> {
        let tcp = TcpListener::bind(addr)
            .await
            .map_err(|source| match source.kind() {
                io::ErrorKind::AddrInUse => BindError::PortBusy { addr },
                io::ErrorKind::PermissionDenied => BindError::PermissionDenied { addr },
                _ => BindError::Io { addr, source },
            })?;
        let local_addr = tcp
            .local_addr()
            .map_err(|source| BindError::Io { addr, source })?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(tcp, router, limits, stopped));
        tracing::info!(%local_addr, "webhook listener started");
        Ok(Self {
            local_addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address actually bound (the real port when 0 was asked for).
    #[must_use]
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, waits up to [`SHUTDOWN_GRACE`] for open requests, then returns.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            tracing::warn!(addr = %self.local_addr, "connections still open after grace period; closing them");
            task.abort();
        }
        tracing::info!(addr = %self.local_addr, "webhook listener stopped");
    }
}

/// Accepts connections until `stopped` (an explicit stop or the [`Listener`] dropped),
/// then lets each open one finish what it is answering.
async fn serve(
    tcp: TcpListener,
    router: Router,
    limits: Limits,
    mut stopped: oneshot::Receiver<()>,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stopping, stop_seen) = watch::channel(false);
    let (open, none_yet) = watch::channel(());
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.map_err(io::Error::other)?,
            _ = &mut stopped => break,
        };
        let io = tokio::select! {
            accepted = tcp.accept() => match accepted {
                Ok((io, _)) => io,
                Err(error) => {
                    // Out of file handles, or a connection reset before it was taken:
                    // wait a moment rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stopped => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let mut stop_seen = stop_seen.clone();
        let still_open = open.subscribe();
        tokio::spawn(async move {
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .max_buf_size(limits.max_header_bytes);
            builder
                .http2()
                .timer(TokioTimer::new())
                .enable_connect_protocol()
                .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stop_seen.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(still_open);
            drop(permit);
        });
    }
    drop(tcp);
    let _ = stopping.send(true);
    drop(none_yet);
    open.closed().await;
    Ok(())
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{probes::Probes, router::ActiveNcco, router::WebhookPaths, router::test_router};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn app() -> Router {
        test_router(
            &WebhookPaths {
                answer: "/answer".into(),
                event: "/event".into(),
                fallback: "/fallback".into(),
                stream: "/ws/{uuid}/".into(),
            },
            ActiveNcco::new(
                serde_json::json!([{"action": "talk", "text": "hi"}]),
                "http://127.0.0.1",
            ),
            Probes::default(),
        )
    }

    async fn get(addr: SocketAddr, path: &str) -> io::Result<String> {
        let mut stream = tokio::net::TcpStream::connect(addr).await?;
        stream
            .write_all(
                format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
            )
            .await?;
        let mut response = String::new();
        stream.read_to_string(&mut response).await?;
        Ok(response)
    }

    #[tokio::test]
    async fn serves_over_real_tcp_on_an_ephemeral_port() {
        let listener = Listener::start("127.0.0.1:0".parse().expect("valid"), app())
            .await
            .expect("port 0 always binds");
        assert_ne!(listener.local_addr().port(), 0, "the real port is reported");
        let response = get(listener.local_addr(), "/answer")
            .await
            .expect("request completes");
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(response.contains("application/json"));
        listener.shutdown().await;
    }

    #[tokio::test]
    async fn a_busy_port_is_reported_not_panicked() {
        let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = holder.local_addr().expect("addr");
        let error = Listener::start(addr, app()).await.unwrap_err();
        assert!(
            matches!(error, BindError::PortBusy { addr: a } if a == addr),
            "{error:?}"
        );
        assert!(error.to_string().contains("already in use"));
    }

    /// Sends `head` (a request line and headers, without the blank line) and reads the answer.
    async fn send_head(addr: SocketAddr, head: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(addr)
            .await
            .expect("connects");
        stream
            .write_all(format!("{head}\r\nConnection: close\r\n\r\n").as_bytes())
            .await
            .expect("sends");
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response).await;
        String::from_utf8_lossy(&response).into_owned()
    }

    #[tokio::test]
    async fn headers_over_64_kib_get_431_and_smaller_ones_are_served() {
        let listener = Listener::start("127.0.0.1:0".parse().expect("valid"), app())
            .await
            .expect("binds");
        let addr = listener.local_addr();
        let under = send_head(
            addr,
            &format!(
                "GET /answer HTTP/1.1\r\nHost: x\r\nX-Big: {}",
                "a".repeat(60 * 1024)
            ),
        )
        .await;
        assert!(
            under.starts_with("HTTP/1.1 200"),
            "60 KiB of headers is allowed: {under:.80}"
        );
        let over = send_head(
            addr,
            &format!(
                "GET /answer HTTP/1.1\r\nHost: x\r\nX-Big: {}",
                "a".repeat(70 * 1024)
            ),
        )
        .await;
        assert!(
            over.starts_with("HTTP/1.1 431"),
            "headers over 64 KiB are refused, not buffered: {over:.80}"
        );
        listener.shutdown().await;
    }

    #[tokio::test]
    async fn a_client_trickling_its_headers_is_cut_off() {
        let limits = Limits {
            header_read_timeout: Duration::from_millis(400),
            ..Limits::default()
        };
        let listener = Listener::start_with("127.0.0.1:0".parse().expect("valid"), app(), limits)
            .await
            .expect("binds");
        let stream = tokio::net::TcpStream::connect(listener.local_addr())
            .await
            .expect("connects");
        let (mut read, mut write) = stream.into_split();
        let reader = tokio::spawn(async move {
            let mut answer = Vec::new();
            let _ = read.read_to_end(&mut answer).await;
            answer
        });
        write
            .write_all(b"GET /answer HTTP/1.1\r\nHost: x\r\n")
            .await
            .expect("sends");
        let started = std::time::Instant::now();
        // A header line every 100 ms, for at most 10 s: a listener without a deadline on
        // the request head would keep reading for as long as this goes on.
        while !reader.is_finished() && started.elapsed() < Duration::from_secs(10) {
            if write.write_all(b"X-Slow: 1\r\n").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let answer = tokio::time::timeout(Duration::from_secs(1), reader)
            .await
            .expect("the listener closed the connection")
            .expect("reader");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "cut off near the 400 ms deadline, not after {:?}",
            started.elapsed()
        );
        assert!(
            !String::from_utf8_lossy(&answer).contains("200 OK"),
            "a request whose head never finished is not answered"
        );
        listener.shutdown().await;
    }

    #[tokio::test]
    async fn connections_past_the_limit_wait_until_one_closes() {
        let limits = Limits {
            max_connections: 2,
            ..Limits::default()
        };
        let listener = Listener::start_with("127.0.0.1:0".parse().expect("valid"), app(), limits)
            .await
            .expect("binds");
        let addr = listener.local_addr();
        let first = tokio::net::TcpStream::connect(addr)
            .await
            .expect("connects");
        let _second = tokio::net::TcpStream::connect(addr)
            .await
            .expect("connects");
        let third = tokio::spawn(async move { get(addr, "/answer").await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            !third.is_finished(),
            "a third connection is not served while two are open"
        );
        drop(first);
        let answer = tokio::time::timeout(Duration::from_secs(5), third)
            .await
            .expect("served once a connection closed")
            .expect("task")
            .expect("request completes");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        listener.shutdown().await;
    }

    #[tokio::test]
    async fn shutdown_frees_the_port() {
        let listener = Listener::start("127.0.0.1:0".parse().expect("valid"), app())
            .await
            .expect("binds");
        let addr = listener.local_addr();
        listener.shutdown().await;
        assert!(
            get(addr, "/answer").await.is_err(),
            "nothing accepts after shutdown"
        );
        let again = Listener::start(addr, app())
            .await
            .expect("the same port binds again");
        again.shutdown().await;
    }
}
