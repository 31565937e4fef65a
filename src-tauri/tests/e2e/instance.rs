//! The app as a desktop app, launched as a person launches it (no WebDriver): one
//! instance per data folder (a second launch hands over and exits), a clean quit when
//! the system asks (SIGTERM), logs written to files, and the window's size and place
//! remembered across launches.

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, ExitStatus, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use crate::driver::{AppWindow, app_binary, free_port};

/// The app started directly, its log lines (standard error) read as they come.
struct Launched {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Launched {
    fn start(data_dir: &Path, port: u16) -> Self {
        let mut child = Command::new(app_binary())
            .env("CALLBOARD_DATA_DIR", data_dir)
            .env("XDG_DATA_HOME", data_dir.join("webview"))
            .env("CALLBOARD_LISTENER_PORT", port.to_string())
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the app starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits up to `within` for a log line containing `text`; returns it.
    fn line_with(&mut self, text: &str, within: Duration) -> String {
        if let Some(line) = self.seen.iter().find(|line| line.contains(text)) {
            return line.clone();
        }
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no log line with {text:?} within {within:?}; the app said:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    fn terminate(&mut self) -> ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        wait_exit(&mut self.child, Duration::from_secs(20))
    }
}

impl Drop for Launched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to `within` for `child` to exit.
fn wait_exit(child: &mut Child, within: Duration) -> ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().expect("the process can be waited for") {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "the process did not exit within {within:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_focuses_the_first_and_a_quit_remembers_the_window() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut first = Launched::start(data_dir.path(), free_port());
    let ready = first.line_with("the window is ready", Duration::from_secs(60));
    assert!(
        ready.contains("ms="),
        "the ready line carries the launch time: {ready}"
    );

    // A second launch on the same data folder hands over to the first and exits at once.
    let mut second = Command::new(app_binary())
        .env("CALLBOARD_DATA_DIR", data_dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the second launch starts");
    let status = wait_exit(&mut second, Duration::from_secs(30));
    assert!(
        status.success(),
        "the second launch exits cleanly: {status}"
    );
    first.line_with(
        "another launch of Callboard was brought here",
        Duration::from_secs(10),
    );

    // Asked to end, it quits cleanly: the window's place is written down, the log kept.
    let status = first.terminate();
    assert!(status.success(), "a SIGTERM quits cleanly: {status}");
    let state_file = data_dir.path().join("window-state.json");
    let state: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&state_file).expect("the window's state is written on quit"),
    )
    .expect("the window state is JSON");
    assert!(state["main"]["width"].as_u64().is_some(), "{state}");

    let logs: Vec<_> = std::fs::read_dir(data_dir.path().join("logs"))
        .expect("a logs folder in the data folder")
        .flatten()
        .collect();
    assert_eq!(logs.len(), 1, "one log file for today");
    let log = std::fs::read_to_string(logs[0].path()).expect("the log file reads");
    for line in [
        "logging to files",
        "the window is ready",
        "another launch of Callboard was brought here",
        "asked to end: quitting",
    ] {
        assert!(log.contains(line), "the log file has {line:?}:\n{log}");
    }

    // Moved and resized (as a person would before quitting), the window opens that way again.
    let mut state = state;
    state["main"]["width"] = 1111.into();
    state["main"]["height"] = 707.into();
    std::fs::write(&state_file, state.to_string()).expect("the state file is writable");
    let window = AppWindow::launch_in(data_dir, free_port()).await;
    let size = window
        .client
        .get_window_size()
        .await
        .expect("the window's size");
    assert_eq!(size, (1111, 707), "the remembered size");
    window.close().await;
}
