//! What of a `talk` text is spoken: everything but its SSML tags. One reading, shared by
//! the validator (the 1,500-character limit counts spoken characters) and the Sandbox
//! (captions and how long a talk takes), so they cannot disagree.
//!
//! A tag is `<`, an optional `/`, an element name Vonage's SSML knows (`speak`, `break`,
//! `prosody`, … or a namespaced one such as `amazon:effect`), its attributes, and `>`
//! ([Vonage: SSML](https://developer.vonage.com/en/voice/voice-api/guides/customizing-tts)).
//! Anything else with a `<` is text: "1 < 2" and "I <3 it" are spoken as written.

/// The SSML elements Vonage's text-to-speech reads.
const ELEMENTS: [&str; 14] = [
    "speak", "break", "emphasis", "lang", "mark", "p", "phoneme", "prosody", "s", "say-as", "sub",
    "voice", "w", "audio",
];

/// The length in bytes of the SSML tag at the start of `rest` (which begins with `<`).
fn tag_at(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix('<')?;
    let body = body.strip_prefix('/').unwrap_or(body);
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_')))
        .unwrap_or(body.len());
    let name = &body[..name_len];
    let known = ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name))
        || name.split_once(':').is_some_and(|(prefix, local)| {
            !prefix.is_empty()
                && !local.is_empty()
                && prefix.bytes().all(|b| b.is_ascii_alphabetic())
        });
    if !known {
        return None;
    }
    let after = &body[name_len..];
    if !(after.starts_with('>') || after.starts_with('/') || after.starts_with(char::is_whitespace))
    {
        return None;
    }
    // The attributes run to the first `>` that is not inside quotes.
    let mut quote = None;
    for (at, c) in after.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '<') => return None,
            (None, '>') => return Some(rest.len() - body.len() + name_len + at + 1),
            _ => {}
        }
    }
    None
}

/// `text` without its SSML tags.
#[must_use]
pub fn spoken(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(offset) = text[at..].find('<') {
        let start = at + offset;
        out.push_str(&text[at..start]);
        match tag_at(&text[start..]) {
            Some(length) => at = start + length,
            None => {
                out.push('<');
                at = start + 1;
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

/// How many characters of `text` are spoken.
#[must_use]
pub fn spoken_length(text: &str) -> usize {
    spoken(text).chars().count()
}

/// Whether `text` has SSML tags.
#[must_use]
pub fn has_tags(text: &str) -> bool {
    spoken(text).len() != text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssml_tags_are_not_spoken() {
        assert_eq!(spoken("<speak>a <break time='1s'/>b</speak>"), "a b");
        assert_eq!(
            spoken(
                r#"<speak><prosody rate="slow">Hi</prosody> <say-as interpret-as="digits">12</say-as></speak>"#
            ),
            "Hi 12"
        );
        assert_eq!(
            spoken("<speak><amazon:effect name=\"whispered\">psst</amazon:effect></speak>"),
            "psst"
        );
        assert_eq!(spoken("<speak>a > b</speak>"), "a > b");
    }

    #[test]
    fn a_less_than_sign_that_opens_no_ssml_tag_is_text() {
        for text in [
            "1 < 2",
            "I <3 it",
            "a<b",
            "x <- y",
            "<>",
            "<unknown>",
            "price < 5 > 3",
            "<break",
        ] {
            assert_eq!(spoken(text), text, "{text}");
            assert!(!has_tags(text), "{text}");
        }
        assert_eq!(spoken_length("1 < 2"), 5);
    }
}
