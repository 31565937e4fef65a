//! The Sandbox over https, for SDKs that only build `https://` URLs (Vonage's Python
//! SDK). On first use a local certificate authority and a certificate for `127.0.0.1`
//! and `localhost` signed by it are made (rcgen) and kept in a folder; later runs load
//! them. A client trusts the CA's file (`ca.pem`): `REQUESTS_CA_BUNDLE` for Python's
//! requests, `NODE_EXTRA_CA_CERTS` for Node. The CA's own key is not kept: nothing is
//! signed after the first run, so nothing could be signed with it if it leaked.

use std::{path::Path, sync::Arc};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};

/// The files in the TLS folder.
const CA_FILE: &str = "ca.pem";
const CERT_FILE: &str = "server.pem";
const KEY_FILE: &str = "server.key";

/// What the https listener serves with, and the CA file clients trust.
#[derive(Clone)]
pub struct Tls {
    /// The certificate authority's certificate, for clients to trust.
    pub ca_file: std::path::PathBuf,
    config: Arc<rustls::ServerConfig>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

impl Tls {
    /// Loads the certificate in `dir`, making the CA and certificate first if there are none.
    ///
    /// # Errors
    /// Why the folder or its files could not be made or read, in words.
    pub fn load_or_create(dir: &Path) -> Result<Self, String> {
        let path = |name: &str| dir.join(name);
        if !path(CERT_FILE).exists() || !path(KEY_FILE).exists() || !path(CA_FILE).exists() {
            create(dir)?;
        }
        let shown = |name: &str| path(name).display().to_string();
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path(CERT_FILE))
            .and_then(Iterator::collect)
            .map_err(|e| format!("{} cannot be read: {e}", shown(CERT_FILE)))?;
        let key = PrivateKeyDer::from_pem_file(path(KEY_FILE))
            .map_err(|e| format!("{} cannot be read: {e}", shown(KEY_FILE)))?;
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS cannot be set up: {e}"))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("{} does not fit its key: {e}", shown(CERT_FILE)))?;
        Ok(Self {
            ca_file: path(CA_FILE),
            config: Arc::new(config),
        })
    }

    /// The rustls configuration for the listener.
    #[must_use]
    pub fn server_config(&self) -> Arc<rustls::ServerConfig> {
        self.config.clone()
    }
}

fn create(dir: &Path) -> Result<(), String> {
    let failed = |e: rcgen::Error| format!("the Sandbox's certificate cannot be made: {e}");
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(failed)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name = DistinguishedName::new();
    ca.distinguished_name
        .push(DnType::CommonName, "Callboard Sandbox local CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate().map_err(failed)?;
    let ca_cert = ca.self_signed(&ca_key).map_err(failed)?;
    let issuer = rcgen::Issuer::new(ca, ca_key);

    let mut server = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .map_err(failed)?;
    server.distinguished_name = DistinguishedName::new();
    server
        .distinguished_name
        .push(DnType::CommonName, "Callboard Sandbox");
    let server_key = KeyPair::generate().map_err(failed)?;
    let server_cert = server.signed_by(&server_key, &issuer).map_err(failed)?;

    std::fs::create_dir_all(dir).map_err(|e| format!("{} cannot be made: {e}", dir.display()))?;
    let written = |name: &str, result: std::io::Result<()>| {
        result.map_err(|e| format!("{} cannot be written: {e}", dir.join(name).display()))
    };
    written(
        KEY_FILE,
        crate::private_file::write_private(&dir.join(KEY_FILE), &server_key.serialize_pem()),
    )?;
    written(
        CERT_FILE,
        std::fs::write(dir.join(CERT_FILE), server_cert.pem()),
    )?;
    written(CA_FILE, std::fs::write(dir.join(CA_FILE), ca_cert.pem()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_is_made_once_and_loaded_after() {
        let dir = tempfile::tempdir().expect("dir");
        let first = Tls::load_or_create(dir.path()).expect("made");
        let ca = std::fs::read_to_string(&first.ca_file).expect("ca");
        assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"));
        let cert = std::fs::read(dir.path().join(CERT_FILE)).expect("cert");
        let again = Tls::load_or_create(dir.path()).expect("loaded");
        assert_eq!(
            std::fs::read_to_string(&again.ca_file).expect("ca"),
            ca,
            "kept, not made again"
        );
        assert_eq!(
            std::fs::read(dir.path().join(CERT_FILE)).expect("cert"),
            cert
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .expect("key")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "the key is private");
        }
    }
}
