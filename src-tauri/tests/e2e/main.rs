//! End-to-end tests: the real `callboard` binary in a real window (Xvfb in CI),
//! driven through WebDriver (tauri-driver in front of WebKitWebDriver).
//!
//! - `driver`: starts tauri-driver and a session for one app instance, with its own
//!   data directory and listener port; stops it with SIGTERM.
//! - `frame`: the window opens, shows the listener's address, reaches every section.
//! - `listener`: a busy port is explained and another port can be chosen.
//! - `connect`: a profile for an account (on a Sandbox playing Vonage), credentials and
//!   key entered, the Check passing step by step, and a wrong key failing at its step.
//! - `webhooks`: a public URL entered, the diff seen, a push confirmed over addresses
//!   that point elsewhere, and undone.
//! - `guide`: the first-call guide walked to a completed Sandbox call, and the Doctor
//!   passing every check after it.
//! - `inspector`: webhooks sent to the listener appear live in the Inspector, with details;
//!   forwarding to a backend with its mistakes shown; a live stream heard, its recording played.
//! - `calls`: on the Sandbox, the setup-guide NCCO active and webhooks pushed, a call placed
//!   from the Calls section and followed on its timeline, heard by the virtual phone, hung
//!   up from the window, and its stream's recording played.
//! - `compose`: the setup-guide NCCO built from the palette, a mistake found and fixed
//!   on its field, saved, made active and served by the answer webhook.
//! - `flows`: the keypad menu built on the canvas without JSON, made active, walked by a
//!   Sandbox call as the phone presses 2, the step on the timeline, the path lit.
//! - `help`: F1's help page, the glossary's tooltips, the shortcuts; the native menu's
//!   items, zoom and the support bundle.
//! - `instance`: launched directly, one instance per data folder, a clean quit on
//!   SIGTERM, logs in files, the window's size remembered.
//! - `tests`: a call test built as steps in the Tests section passing beside its call's
//!   timeline, and a call saved as a test from Calls replaying green.

mod calls;
mod compose;
mod connect;
mod driver;
mod flows;
mod frame;
mod guide;
mod help;
mod inspector;
mod instance;
mod listener;
mod tests;
mod webhooks;
