//! Secrets in the real OS keychain. Needs a Secret Service (the README's test command
//! runs the suite inside a D-Bus session with an unlocked gnome-keyring).

use callboard_core::secrets::{KeyringStore, Secret, SecretName, SecretStore};

fn unique_service() -> String {
    format!(
        "callboard-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock after 1970")
            .as_nanos()
    )
}

#[test]
fn stores_reads_replaces_and_deletes_a_secret_in_the_os_keychain() {
    let store = KeyringStore::new(unique_service());
    let key = "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n";
    store
        .set(42, SecretName::PrivateKey, &Secret::new(key))
        .expect("the Secret Service accepts the entry (is gnome-keyring running and unlocked?)");
    assert_eq!(
        store
            .get(42, SecretName::PrivateKey)
            .expect("read")
            .map(|s| s.expose().to_owned()),
        Some(key.to_owned()),
        "multi-line PEM comes back byte for byte"
    );
    assert_eq!(
        store.get(42, SecretName::ApiSecret).expect("read"),
        None,
        "other names are separate entries"
    );
    assert_eq!(
        store.get(43, SecretName::PrivateKey).expect("read"),
        None,
        "other profiles are separate"
    );

    store
        .set(42, SecretName::PrivateKey, &Secret::new("replaced"))
        .expect("replace");
    assert_eq!(
        store.get(42, SecretName::PrivateKey).expect("read"),
        Some(Secret::new("replaced"))
    );

    store.delete(42, SecretName::PrivateKey).expect("delete");
    assert_eq!(store.get(42, SecretName::PrivateKey).expect("read"), None);
    store
        .delete(42, SecretName::PrivateKey)
        .expect("deleting an absent entry is not an error");
}
