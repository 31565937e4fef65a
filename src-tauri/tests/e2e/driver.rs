//! One app instance under WebDriver: its own tauri-driver, data directory and port.

use std::{
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use fantoccini::actions::{InputSource as _, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use tempfile::TempDir;

/// The app under test: `CALLBOARD_APP` (the installed package's `/usr/bin/callboard`
/// in the package check) or the binary this build made.
pub fn app_binary() -> String {
    std::env::var("CALLBOARD_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_callboard").into())
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("the OS hands out an ephemeral port")
        .port()
}

/// Waits up to 20 s for something to accept connections on `port`.
async fn wait_until_listening(port: u16, what: &str) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{what} did not start listening on port {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Sends a plain HTTP GET on loopback and returns the whole response.
pub fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

/// A running app window and the WebDriver session that drives it.
pub struct AppWindow {
    pub client: Client,
    _driver: DriverProcess,
    /// The app's data directory, removed when the window is dropped.
    data_folder: TempDir,
}

impl AppWindow {
    /// Launches the app with a fresh data directory whose first-run profile listens on `port`.
    pub async fn launch(listener_port: u16) -> Self {
        Self::launch_in(tempfile::tempdir().expect("temp dir"), listener_port).await
    }

    /// Launches the app on an existing data directory.
    pub async fn launch_in(data_dir: TempDir, listener_port: u16) -> Self {
        let driver_port = free_port();
        let native_port = free_port();
        let driver =
            Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
                .args([
                    "--port",
                    &driver_port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("CALLBOARD_DATA_DIR", data_dir.path())
                // The web view's own storage (local storage: drafts, the guide's progress) per
                // instance too, as a person's is theirs.
                .env("XDG_DATA_HOME", data_dir.path().join("webview"))
                .env("CALLBOARD_LISTENER_PORT", listener_port.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("tauri-driver runs (the README's test command installs it)");
        // Stopped when this function panics too, so a failed launch leaks no process.
        let driver = DriverProcess(driver);
        // tauri-driver listens before the native driver it starts (WebKitWebDriver) does, and
        // a session asked for in between is cut off (tauri-apps/tauri#3576): wait for both.
        wait_until_listening(driver_port, "tauri-driver").await;
        wait_until_listening(native_port, "WebKitWebDriver (started by tauri-driver)").await;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary() }),
        );
        let mut builder = ClientBuilder::rustls().expect("rustls client builds");
        builder.capabilities(capabilities);
        let url = format!("http://127.0.0.1:{driver_port}");
        let client = tokio::time::timeout(Duration::from_secs(30), builder.connect(&url))
            .await
            .expect("the app window opens within 30 s (did the app exit at start?)")
            .expect("a WebDriver session opens the app window");
        Self {
            client,
            _driver: driver,
            data_folder: data_dir,
        }
    }

    /// Waits for an element matching `css` and scrolls it into view (WebKitWebDriver
    /// does not scroll inside overflowing panes by itself).
    pub async fn find(&self, css: &str) -> Element {
        let element = self
            .client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        let argument = serde_json::to_value(&element).expect("element reference");
        self.client
            .execute(
                // An option has no box of its own while its menu is closed: scroll its select.
                "(arguments[0].closest('select') ?? arguments[0]).scrollIntoView({block: 'center'});",
                vec![argument],
            )
            .await
            .expect("scroll into view");
        element
    }

    /// Waits until the element matching `css` has text containing `expected`; returns the text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        let started = Instant::now();
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(expected) {
                return text;
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{css} never showed {expected:?}; last text: {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        let started = Instant::now();
        while self.exists(css).await {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{css} is still there"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Replaces the text of the input matching `css` as a person does: click into it,
    /// select all, type. (WebKitWebDriver refuses `clear` on some text areas.)
    pub async fn type_into(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        input
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
        let select_all = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Control.into(),
            })
            .then(KeyAction::Down { value: 'a' })
            .then(KeyAction::Up { value: 'a' })
            .then(KeyAction::Up {
                value: Key::Control.into(),
            })
            .then(KeyAction::Down {
                value: Key::Backspace.into(),
            })
            .then(KeyAction::Up {
                value: Key::Backspace.into(),
            });
        self.client
            .perform_actions(select_all)
            .await
            .expect("select all");
        input
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// The `value` property of the input matching `css`.
    pub async fn value_of(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default()
    }

    /// The `value` of the input matching `css` right now, read in the page (so an input
    /// re-rendered meanwhile is never a stale reference); empty when there is none.
    pub async fn value_now(&self, css: &str) -> String {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.value : '';",
                vec![serde_json::Value::String(css.to_owned())],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Clicks the element matching `css` where it is, without scrolling it into view
    /// first: for nodes on the flow canvas, whose pane must not be scrolled (the canvas
    /// pans by its own transform, and a scrolled pane puts every node off its place).
    pub async fn click_in_place(&self, css: &str) {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// In Webhooks, with the public URL entered: shows the changes and pushes them over
    /// the Sandbox application's first addresses (port 3000, another server), as the
    /// suites that need the Sandbox's calls to reach this window's listener do.
    pub async fn push_webhooks(&self) {
        self.click("[data-testid=plan]").await;
        self.wait_for_text("[data-testid=plan-summary]", "would change")
            .await;
        self.click("[data-testid=push]").await;
        self.click("[data-testid=push-anyway]").await;
        self.wait_for_text("[data-testid=webhooks-notice]", "Pushed")
            .await;
    }

    /// The app's data folder.
    pub fn data_dir(&self) -> &std::path::Path {
        self.data_folder.path()
    }

    /// Hands `action` to the window as the native menu does (WebDriver cannot open
    /// native menus): the same Tauri event, from the page.
    pub async fn menu(&self, action: serde_json::Value) {
        self.client
            .execute_async(
                "const [payload, done] = arguments; window.__TAURI_INTERNALS__.invoke('plugin:event|emit', {event: 'shell://menu', payload}).then(() => done(null), (e) => done(String(e)));",
                vec![action],
            )
            .await
            .expect("the menu event is emitted");
    }

    /// Calls a command as the UI does; its result, or its error as `{"error": …}`.
    pub async fn invoke(&self, command: &str, args: serde_json::Value) -> serde_json::Value {
        self.client
            .execute_async(
                "const [command, args, done] = arguments; window.__TAURI_INTERNALS__.invoke(command, args).then((r) => done(r ?? null), (e) => done({error: e}));",
                vec![command.into(), args],
            )
            .await
            .expect("the command is invoked")
    }

    /// Whether the element matching `css` is visible now, without scrolling: wholly (or, when
    /// it is taller than the pane, from its top) inside the window and every pane that
    /// scrolls around it (nothing scrolls it into view).
    pub async fn in_view(&self, css: &str) -> bool {
        // Waited for without `find`, which would scroll it into view.
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        let seen = self
            .client
            .execute(
                r"const e = document.querySelector(arguments[0]);
                  const r = e.getBoundingClientRect();
                  let top = 0, bottom = innerHeight;
                  for (let a = e.parentElement; a; a = a.parentElement) {
                    if (!['auto', 'scroll'].includes(getComputedStyle(a).overflowY)) continue;
                    const p = a.getBoundingClientRect();
                    top = Math.max(top, p.top);
                    bottom = Math.min(bottom, p.bottom);
                  }
                  return r.top >= top - 1 && r.top < bottom
                    && (r.bottom <= bottom + 1 || r.height > bottom - top);",
                vec![serde_json::json!(css)],
            )
            .await
            .expect("the element is measured");
        seen == serde_json::json!(true)
    }

    /// Whether any element matches `css` right now.
    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// Saves a PNG of the window under `target/e2e-screenshots/`, after the page has
    /// painted what the test just asserted (WebKit returns its last painted frame).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .expect("the page paints");
        let png = self
            .client
            .screenshot()
            .await
            .expect("WebDriver takes a screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("screenshot written");
        path
    }

    /// Closes the window and stops tauri-driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// A running tauri-driver, stopped when dropped.
struct DriverProcess(Child);

impl Drop for DriverProcess {
    fn drop(&mut self) {
        // SIGTERM, never SIGKILL: a killed tauri-driver orphans WebKitWebDriver, which
        // keeps the test's output pipe open and hangs the run.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}
