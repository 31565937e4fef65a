//! The application's RSA private key, as people hand it over: the `private.key` file
//! Vonage gave them, a paste with escaped newlines from a `.env` file, PKCS#1 or
//! PKCS#8. Anything else gets a message that says what it is and what to do.

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};

/// Why a text is not a usable application private key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Nothing was given.
    #[error(
        "the private key is empty: import the private.key file Vonage gave you, or paste its contents"
    )]
    Empty,
    /// No `-----BEGIN … KEY-----` block.
    #[error(
        "this is not a PEM key: it has no \"-----BEGIN PRIVATE KEY-----\" line. Import the private.key file Vonage gave you when you created the application"
    )]
    NotPem,
    /// The block is cut short or its base64 is damaged.
    #[error(
        "the key is incomplete or damaged: {0}. It was probably cut off while copying. Import the whole private.key file"
    )]
    Truncated(Damage),
    /// A password-protected key.
    #[error(
        "this private key is encrypted with a password; Vonage's keys are not. Export it without a password (openssl pkey -in key.pem -out private.key)"
    )]
    Encrypted,
    /// A public key where the private one belongs.
    #[error(
        "this is a public key; Callboard needs the application's private key (the private.key file)"
    )]
    PublicKey,
    /// Another algorithm.
    #[error("this is {0}, but Vonage application keys are RSA keys")]
    NotRsa(String),
}

/// What is wrong with a damaged key, in plain words (never the parser's own code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// The `-----END …-----` line is missing, or does not match the BEGIN line.
    Ends,
    /// The lines between BEGIN and END are not intact base64.
    Body,
    /// The decoded contents stop early or are not an RSA key's structure.
    Contents,
    /// The key's numbers do not make a working RSA key.
    Numbers,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Ends => {
                "its \"-----END PRIVATE KEY-----\" line is missing or does not match the first line"
            }
            Self::Body => "the lines between its first and last line are not intact",
            Self::Contents => "its contents stop early or are not an RSA key",
            Self::Numbers => "its numbers do not make a working RSA key",
        })
    }
}

impl Damage {
    fn of_pem(error: &pem::PemError) -> Self {
        match error {
            pem::PemError::InvalidData(_)
            | pem::PemError::NotUtf8(_)
            | pem::PemError::MissingData => Self::Body,
            _ => Self::Ends,
        }
    }
}

/// An application's RSA private key, parsed and checked.
#[derive(Clone)]
pub struct PrivateKey(RsaPrivateKey);

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey(<redacted> {} bits)", self.0.size() * 8)
    }
}

impl PrivateKey {
    /// Parses a key as pasted or read from a file.
    ///
    /// # Errors
    /// A [`KeyError`] saying what the text is instead.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let normalised = normalise(text);
        if normalised.is_empty() {
            return Err(KeyError::Empty);
        }
        if !normalised.contains("-----BEGIN") {
            return Err(KeyError::NotPem);
        }
        if normalised.contains("ENCRYPTED") {
            return Err(KeyError::Encrypted);
        }
        let block = pem::parse(&normalised).map_err(|e| KeyError::Truncated(Damage::of_pem(&e)))?;
        match block.tag() {
            "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_der(block.contents()).map_err(|error| {
                let message = error.to_string();
                if message.contains("algorithm")
                    || message.contains("OID")
                    || message.contains("unknown")
                {
                    KeyError::NotRsa(describe_pkcs8_algorithm(block.contents()))
                } else {
                    KeyError::Truncated(Damage::Contents)
                }
            }),
            "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_der(block.contents())
                .map_err(|_| KeyError::Truncated(Damage::Contents)),
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE" => Err(KeyError::PublicKey),
            "EC PRIVATE KEY" => Err(KeyError::NotRsa("an elliptic-curve (EC) key".into())),
            "OPENSSH PRIVATE KEY" => Err(KeyError::NotRsa("an OpenSSH key".into())),
            other => Err(KeyError::NotRsa(format!("a \"{other}\" block"))),
        }
        .and_then(|key| {
            key.validate()
                .map_err(|_| KeyError::Truncated(Damage::Numbers))?;
            Ok(Self(key))
        })
    }

    /// Wraps a key generated here (the Sandbox's).
    #[must_use]
    pub fn from_rsa(key: RsaPrivateKey) -> Self {
        Self(key)
    }

    /// The key in one canonical form (PKCS#8 PEM, `\n` line endings), for the keychain.
    #[must_use]
    pub fn to_pem(&self) -> String {
        self.0
            .to_pkcs8_pem(LineEnding::LF)
            .map(|pem| pem.to_string())
            .unwrap_or_default()
    }

    /// The matching public key as SPKI PEM, as the Application API shows it.
    #[must_use]
    pub fn public_key_pem(&self) -> String {
        RsaPublicKey::from(&self.0)
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_default()
    }

    /// Whether `public_pem` (SPKI or PKCS#1 PEM) is this key's public half.
    #[must_use]
    pub fn matches_public_key(&self, public_pem: &str) -> bool {
        let normalised = normalise(public_pem);
        let public = RsaPublicKey::from_public_key_pem(&normalised)
            .or_else(|_| RsaPublicKey::from_pkcs1_pem(&normalised));
        public.is_ok_and(|public| public == RsaPublicKey::from(&self.0))
    }

    pub(crate) fn pkcs1_der(&self) -> Vec<u8> {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        self.0
            .to_pkcs1_der()
            .map(|der| der.as_bytes().to_vec())
            .unwrap_or_default()
    }
}

/// Undoes what copying does to a key: surrounding quotes, `\n` written as two
/// characters, Windows line endings, stray indentation.
fn normalise(text: &str) -> String {
    let trimmed = text.trim().trim_matches(|c| c == '"' || c == '\'');
    trimmed
        .replace("\\r\\n", "\n")
        .replace("\\n", "\n")
        .replace("\r\n", "\n")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe_pkcs8_algorithm(der: &[u8]) -> String {
    // OIDs as they appear in DER: id-ecPublicKey 1.2.840.10045.2.1, Ed25519 1.3.101.112.
    const EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
    if der.windows(EC.len()).any(|w| w == EC) {
        "an elliptic-curve (EC) key".into()
    } else if der.windows(ED25519.len()).any(|w| w == ED25519) {
        "an Ed25519 key".into()
    } else {
        "a key of another algorithm".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1::EncodeRsaPrivateKey;

    fn generated() -> RsaPrivateKey {
        RsaPrivateKey::new(&mut rand::thread_rng(), 1024).expect("key generates")
    }

    #[test]
    fn reads_pkcs8_pkcs1_and_escaped_newlines_as_the_same_key() {
        let key = generated();
        let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).expect("pem").to_string();
        let pkcs1 = key.to_pkcs1_pem(LineEnding::CRLF).expect("pem").to_string();
        let escaped = format!("\"{}\"", pkcs8.replace('\n', "\\n"));
        let indented = pkcs8
            .lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n");
        for form in [&pkcs8, &pkcs1, &escaped, &indented] {
            let parsed = PrivateKey::parse(form).unwrap_or_else(|e| panic!("{e}: {form}"));
            assert_eq!(
                parsed.to_pem(),
                pkcs8,
                "every form normalises to one PKCS#8 PEM"
            );
        }
    }

    #[test]
    fn matches_its_own_public_key_only() {
        let key = PrivateKey::from_rsa(generated());
        assert!(key.matches_public_key(&key.public_key_pem()));
        assert!(key.matches_public_key(&key.public_key_pem().replace('\n', "\\n")));
        let other = PrivateKey::from_rsa(generated());
        assert!(!key.matches_public_key(&other.public_key_pem()));
        assert!(!key.matches_public_key("not a key"));
    }

    #[test]
    fn every_bad_form_gets_its_own_message() {
        let pem = generated()
            .to_pkcs8_pem(LineEnding::LF)
            .expect("pem")
            .to_string();
        let truncated = &pem[..pem.len() / 2];
        let cases: Vec<(String, KeyError)> = vec![
            ("   ".into(), KeyError::Empty),
            ("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".into(), KeyError::NotPem),
            (truncated.to_owned(), KeyError::Truncated(Damage::Ends)),
            ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----".into(), KeyError::Encrypted),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB\n-----END RSA PRIVATE KEY-----".into(),
                KeyError::Encrypted,
            ),
            (PrivateKey::from_rsa(generated()).public_key_pem(), KeyError::PublicKey),
            (
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----".into(),
                KeyError::NotRsa(String::new()),
            ),
            (
                // A PKCS#8 Ed25519 key (RFC 8410 example).
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----".into(),
                KeyError::NotRsa(String::new()),
            ),
        ];
        for (text, expected) in cases {
            let error = PrivateKey::parse(&text).expect_err("a bad key is refused");
            assert_eq!(
                std::mem::discriminant(&error),
                std::mem::discriminant(&expected),
                "{text:?} gave {error:?}"
            );
            assert!(
                error.to_string().len() > 30,
                "the message says what to do: {error}"
            );
        }
        assert!(
            PrivateKey::parse("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----")
                .expect_err("ed25519")
                .to_string()
                .contains("Ed25519")
        );
    }

    #[test]
    fn damage_is_told_in_plain_words_never_the_parsers_code() {
        let pem = generated()
            .to_pkcs8_pem(LineEnding::LF)
            .expect("pem")
            .to_string();
        let no_end = &pem[..pem.len() / 2];
        let error = PrivateKey::parse(no_end).expect_err("cut off");
        assert_eq!(error, KeyError::Truncated(Damage::Ends));
        assert_eq!(
            error.to_string(),
            "the key is incomplete or damaged: its \"-----END PRIVATE KEY-----\" line is missing or does not match the first line. It was probably cut off while copying. Import the whole private.key file"
        );
        let mut lines: Vec<&str> = pem.lines().collect();
        lines.remove(3);
        let line_lost = lines.join("\n");
        assert_eq!(
            PrivateKey::parse(&line_lost).expect_err("a line lost"),
            KeyError::Truncated(Damage::Contents)
        );
        let body = pem.replacen("MII", "M*I", 1);
        assert_eq!(
            PrivateKey::parse(&body).expect_err("not base64"),
            KeyError::Truncated(Damage::Body)
        );
        for error in [no_end, line_lost.as_str(), body.as_str()]
            .map(|text| PrivateKey::parse(text).expect_err("damaged").to_string())
        {
            assert!(!error.contains("malformed"), "{error}");
            assert!(!error.contains("DER"), "{error}");
        }
    }

    #[test]
    fn debug_never_prints_the_key() {
        let key = PrivateKey::from_rsa(generated());
        assert_eq!(format!("{key:?}"), "PrivateKey(<redacted> 1024 bits)");
    }
}
