//! The catalogue's vocabulary: what an option's kind can be, and how an option, an
//! action and a connect endpoint are described. Plain data; the catalogue itself is in
//! `spec.rs` (the actions), `options.rs` and `endpoints.rs`.

use serde::Serialize;

/// What values an option takes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// A whole number within the bounds, when given.
    Integer {
        /// Smallest allowed value.
        #[cfg_attr(feature = "ts", ts(type = "number | null"))]
        min: Option<i64>,
        /// Largest allowed value.
        #[cfg_attr(feature = "ts", ts(type = "number | null"))]
        max: Option<i64>,
    },
    /// A number (fractions allowed) within the bounds.
    Number {
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
    },
    /// Free text; `max_chars` counts characters outside SSML tags.
    Text {
        /// Longest allowed text, when limited.
        max_chars: Option<usize>,
    },
    /// One of a fixed list of strings.
    Choice {
        /// The allowed values.
        values: &'static [&'static str],
    },
    /// Several of a fixed list of strings, as an array.
    ChoiceList {
        /// The allowed values.
        values: &'static [&'static str],
    },
    /// One URL in a string.
    Url {
        /// Allowed schemes, without `://`.
        schemes: &'static [&'static str],
    },
    /// An array holding exactly one URL (`eventUrl`, `streamUrl`, `musicOnHoldUrl`).
    UrlArray {
        /// Allowed schemes, without `://`.
        schemes: &'static [&'static str],
    },
    /// An array of strings.
    TextList,
    /// A BCP-47 language code such as `en-US`.
    Language,
    /// A phone number in E.164 form, digits only.
    PhoneNumber,
    /// A string matching a small pattern, described in words.
    Pattern {
        /// The pattern as a regular expression (anchored).
        regex: &'static str,
        /// What the pattern means, for messages.
        meaning: &'static str,
    },
    /// A JSON object whose own options are listed.
    Object {
        /// The nested options.
        fields: &'static [Field],
    },
    /// Any JSON object (the `notify` payload).
    AnyObject,
    /// An object of key/value metadata, limited in size when serialized.
    Headers {
        /// Largest allowed size of the serialized object, in bytes.
        max_bytes: Option<usize>,
    },
    /// The `connect` action's endpoint array: exactly one endpoint of a known type.
    Endpoints,
}

/// One option of an action (or of a nested object).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Field {
    /// The JSON key, exactly as Vonage spells it.
    pub name: &'static str,
    /// A short label for forms.
    pub label: &'static str,
    /// Its values.
    #[serde(flatten)]
    pub kind: Kind,
    /// Whether the action is invalid without it.
    pub required: bool,
    /// Vonage's default, as shown in forms (`None` when there is none).
    pub default: Option<&'static str>,
    /// One or two sentences of help, from the reference.
    pub help: &'static str,
    /// Folded away in forms until asked for.
    pub advanced: bool,
    /// When out of range Vonage uses the nearest bound instead of refusing the NCCO: the
    /// source that says so (and where sources disagree, which one Callboard follows).
    pub clamped: Option<&'static str>,
}

impl Field {
    /// The number an action runs with: `given`, else the default, within the option's
    /// range (`None` when neither is given).
    #[must_use]
    pub fn number(&self, given: Option<&serde_json::Number>) -> Option<f64> {
        let value = match given {
            Some(number) => number.as_f64()?,
            None => self.default?.parse().ok()?,
        };
        #[allow(clippy::cast_precision_loss)] // bounds are small whole numbers
        let (min, max) = match self.kind {
            Kind::Integer { min, max } => (
                min.map_or(f64::MIN, |min| min as f64),
                max.map_or(f64::MAX, |max| max as f64),
            ),
            Kind::Number { min, max } => (min, max),
            _ => (f64::MIN, f64::MAX),
        };
        Some(value.clamp(min, max))
    }

    /// The switch an action runs with: `given`, else the default (off when there is none).
    #[must_use]
    pub fn flag(&self, given: Option<bool>) -> bool {
        given.unwrap_or(self.default == Some("true"))
    }
}

/// One NCCO action.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ActionSpec {
    /// The `action` value.
    pub name: &'static str,
    /// What it does, in one sentence.
    pub summary: &'static str,
    /// Whether the next action waits for this one to finish.
    pub synchronous: &'static str,
    /// Its options.
    pub fields: &'static [Field],
}

/// One `connect` endpoint type.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct EndpointSpec {
    /// The `type` value.
    pub name: &'static str,
    /// What it connects to.
    pub summary: &'static str,
    /// Its options (besides `type`).
    pub fields: &'static [Field],
}
