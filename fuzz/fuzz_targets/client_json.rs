#![no_main]
//! A client export (`--client-json`, or API JSON in the tree) as its bytes
//! come: decoded (byte-order marks, UTF-16), its secrets found and masked,
//! parsed and read as OAuth clients, roles and data actions.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let decoded = gclint::files::decode(data.to_vec());
    let text = decoded.text;
    for secret in gclint::scan::secrets::config_secrets(&text) {
        // Each secret is whole characters of the text, its value inside it.
        assert!(secret.range.start <= secret.redact.start && secret.redact.end <= secret.range.end);
        assert_eq!(&text[secret.redact.clone()], secret.value.as_str());
    }
    if let Ok(parsed) = gclint::parse::json::parse(&text) {
        let _ = gclint::config::api_json::read(
            gclint::source::FileId(0),
            &parsed.root,
            std::path::Path::new("."),
        );
    }
});
