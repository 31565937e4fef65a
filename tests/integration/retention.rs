//! Retention: what the listener keeps is pruned by age and by size in the background,
//! oldest first, with stream sessions' WAV files; what is recent stays.

use callboard_core::{exchanges::ExchangeFilter, listener::ListenerSettings, retention::Retention};

use crate::support::{free_port, open_app};

const EVENT: &str = "/api/hume-twilio/vonage-event-callback/";

async fn post_event(port: u16, uuid: &str, pad: usize) {
    let status = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}{EVENT}"))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"status":"answered","uuid":"{uuid}","pad":"{}"}}"#,
            "x".repeat(pad)
        ))
        .send()
        .await
        .expect("event")
        .status();
    assert_eq!(status, 200);
}

#[tokio::test]
async fn old_webhooks_and_streams_go_with_their_recordings_and_recent_ones_stay() {
    let port = free_port();
    let (app, dir) = open_app(port);
    app.start().await.expect("start");
    for n in 0..3 {
        post_event(port, &format!("old-{n}"), 10).await;
    }
    post_event(port, "recent", 10).await;
    // Make three of them, and a finished stream session with its file, 40 days old.
    let database =
        rusqlite::Connection::open(dir.path().join("data/callboard.sqlite3")).expect("db");
    let forty_days_ago = callboard_server::capture::now_ms() - 40 * 24 * 3600 * 1000;
    database
        .execute(
            "UPDATE exchanges SET received_at_ms = ?1 WHERE call_uuid LIKE 'old-%'",
            [forty_days_ago],
        )
        .expect("age them");
    let recordings = dir.path().join("data/recordings");
    std::fs::create_dir_all(&recordings).expect("dir");
    let old_wav = recordings.join("old-session.wav");
    callboard_vonage::audio::write_wav(&old_wav, 16_000, 1, &[0; 1600]).expect("wav");
    database
        .execute(
            "INSERT INTO stream_sessions (id, call_uuid, started_at_ms, ended_at_ms, headers, frames, mis_sized_frames,
                 gaps, longest_gap_ms, level_dbfs, dtmf, notes, recording)
             VALUES ('s-old', 'old-0', ?1, ?1, '{}', 5, 0, 0, 0, -96.0, '', '[]', ?2)",
            rusqlite::params![forty_days_ago, old_wav.display().to_string()],
        )
        .expect("an old session");

    let pruned = app.inspector_prune().await.expect("prune");
    assert_eq!(
        (pruned.exchanges, pruned.stream_sessions),
        (3, 1),
        "{pruned:?}"
    );
    let left = app
        .inspector_list(&ExchangeFilter::default())
        .expect("list");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].call_uuid.as_deref(), Some("recent"));
    assert!(
        !old_wav.exists(),
        "the old session's recording is deleted with it"
    );
    let store = app.inspector_store().expect("size");
    assert_eq!((store.exchanges, store.stream_sessions), (1, 0));
    assert!(store.bytes > 0);
    app.shutdown().await;
}

#[tokio::test]
async fn past_the_size_limit_the_oldest_go_first() {
    let port = free_port();
    let (app, _dir) = open_app(port);
    app.start().await.expect("start");
    let one_mb_limit = ListenerSettings {
        retention: Retention {
            days: 30,
            max_megabytes: 1,
        },
        ..ListenerSettings::default()
    };
    // 30 webhooks of about 100 kB: three times the limit.
    for n in 0..30 {
        post_event(port, &format!("big-{n:02}"), 100_000).await;
    }
    let before = app.inspector_store().expect("size");
    assert!(before.bytes > 2 * 1024 * 1024, "{before:?}");
    app.listener_save(one_mb_limit).await.expect("save");
    // Saving the limits wakes the background pruner; this pass makes sure one has run,
    // whichever of the two got there first.
    app.inspector_prune().await.expect("prune");
    let after = app.inspector_store().expect("size");
    assert!(
        after.exchanges < before.exchanges && after.bytes <= 1024 * 1024,
        "{before:?} -> {after:?}"
    );
    let left = app
        .inspector_list(&ExchangeFilter::default())
        .expect("list");
    assert!(!left.is_empty(), "the newest are kept");
    assert_eq!(
        left[0].call_uuid.as_deref(),
        Some("big-29"),
        "the newest of all is among them"
    );
    assert!(
        left.iter()
            .all(|e| e.call_uuid.as_deref() != Some("big-00")),
        "the oldest went first"
    );
    let refused = app
        .listener_save(ListenerSettings {
            retention: Retention {
                days: 0,
                max_megabytes: 1,
            },
            ..ListenerSettings::default()
        })
        .await
        .expect_err("0 days is refused")
        .to_string();
    assert!(refused.contains("days"), "{refused}");
    app.shutdown().await;
}
