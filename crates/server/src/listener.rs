//! Binding the router to a TCP address, and stopping it gracefully.
//!
//! A port already in use is an ordinary outcome ([`BindError::PortBusy`]), never a
//! panic: the app shows it and lets the user pick another port. Shutdown stops
//! accepting at once, lets requests in flight finish, and gives up on connections
//! still open after [`SHUTDOWN_GRACE`].

use std::{io, net::SocketAddr, time::Duration};

use axum::Router;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

/// How long shutdown waits for open connections before dropping them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

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
        let task = tokio::spawn(async move {
            axum::serve(tcp, router)
                .with_graceful_shutdown(async {
                    // Either an explicit stop or the Listener being dropped ends serving.
                    let _ = stopped.await;
                })
                .await
        });
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
    use crate::{ActiveNcco, Probes, WebhookPaths, test_router};
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
