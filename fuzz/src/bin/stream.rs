//! A call-audio stream session's handling of any sequence of messages: the bytes are
//! messages separated by 0xff, each text when it starts with `{` and a frame otherwise.
use callboard_server::{Discard, StreamMessage, StreamOptions, analyse};

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let options = StreamOptions::default();
    // A panic is what the fuzzer looks for; nothing here is used after one.
    let runtime = std::panic::AssertUnwindSafe(runtime);
    afl::fuzz!(|data: &[u8]| {
        let messages = data.split(|b| *b == 0xff).map(|part| {
            if part.first() == Some(&b'{') {
                StreamMessage::Text(String::from_utf8_lossy(part).into_owned())
            } else {
                StreamMessage::Binary(part.to_vec())
            }
        });
        let session = runtime.block_on(analyse(
            "leg".into(),
            &options,
            messages.collect::<Vec<_>>(),
            &Discard,
        ));
        assert!(session.notes.len() <= 32 && session.dtmf.len() <= 256);
        assert!(
            session
                .sample_rate
                .is_none_or(|r| [8000, 16000, 24000].contains(&r))
        );
    });
}
