//! Property tests (stable Rust, run in CI): every parser and scanner takes
//! arbitrary input — random bytes, truncated real files, deep nesting — and
//! answers with a result or a diagnostic, never a panic; spans stay inside
//! the text. The cargo-fuzz targets in `fuzz/` explore the same entry points
//! for longer.

use gclint::parse;
use gclint::scan::{self, Language};
use proptest::prelude::*;

/// Text made of the characters that matter to the parsers, so random input
/// reaches deep into them instead of failing on the first byte.
fn syntaxy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("{".to_string()),
            Just("}".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("`".to_string()),
            Just("${".to_string()),
            Just("/*".to_string()),
            Just("*/".to_string()),
            Just("//".to_string()),
            Just("#".to_string()),
            Just("\n".to_string()),
            Just("&a".to_string()),
            Just("*a".to_string()),
            Just(": ".to_string()),
            Just("- ".to_string()),
            Just("=".to_string()),
            Just("/api/v2/users/".to_string()),
            Just("new UsersApi()".to_string()),
            Just(".getUsersMe(".to_string()),
            Just("clientSecret = ".to_string()),
            Just("é".to_string()),
            "[a-z]{1,6}".prop_map(|s| s),
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

fn spans_inside<T>(r: &std::ops::Range<usize>, text: &str, _what: T) -> bool {
    r.start <= r.end && r.end <= text.len()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn yaml_never_panics(text in syntaxy()) {
        match parse::yaml::parse(&text) {
            Ok(p) => prop_assert!(spans_inside(&p.root.range, &text, "root")),
            Err(e) => prop_assert!(spans_inside(&e.range, &text, "error")),
        }
    }

    #[test]
    fn json_never_panics(text in syntaxy()) {
        match parse::json::parse(&text) {
            Ok(p) => prop_assert!(spans_inside(&p.root.range, &text, "root")),
            Err(e) => prop_assert!(spans_inside(&e.range, &text, "error")),
        }
    }

    #[test]
    fn hcl_never_panics(text in syntaxy()) {
        if let Err(e) = parse::hcl::parse(&text) {
            prop_assert!(spans_inside(&e.range, &text, "error"));
        }
    }

    #[test]
    fn wizard_js_never_panics(text in syntaxy()) {
        let wrapped = format!("export default {{ provisioningInfo: {{ {text} }} }};");
        if let Err(e) = parse::js_object::object_with_key(&wrapped, "provisioningInfo") {
            prop_assert!(spans_inside(&e.range, &wrapped, "error"));
        }
    }

    #[test]
    fn scanners_never_panic_and_spans_stay_inside(text in syntaxy(), lang in 0usize..9) {
        let found = scan::scan(Language::ALL[lang], &text);
        for c in &found.calls {
            prop_assert!(spans_inside(&c.range, &text, "call"));
        }
        for s in &found.secrets {
            prop_assert!(spans_inside(&s.redact, &text, "secret"));
            prop_assert!(text.is_char_boundary(s.redact.start) && text.is_char_boundary(s.redact.end));
        }
    }

    #[test]
    fn configuration_baseline_and_client_json_never_panic(text in syntaxy()) {
        let path = std::path::Path::new("/repo/gclint.toml");
        let db = gclint::db::Database::embedded();
        if let Err(e) = gclint::settings::parse(path, "gclint.toml", text.clone(), db) {
            let shown = gclint::report::config::render(&e, false, 100);
            prop_assert!(!shown.chars().any(|c| c != '\n' && gclint::report::escape::is_unsafe(c)));
        }
        let _ = gclint::baseline::Baseline::parse(&text, std::path::Path::new("b.json"), "b.json");
        for secret in gclint::scan::secrets::config_secrets(&text) {
            prop_assert!(spans_inside(&secret.range, &text, "secret"));
            prop_assert_eq!(&text[secret.redact.clone()], secret.value.as_str());
        }
    }

    #[test]
    fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let decoded = gclint::files::decode(bytes.clone());
        if !decoded.lossy {
            // What decodes cleanly encodes back to the same bytes.
            prop_assert_eq!(decoded.encoding.encode(&decoded.text), bytes);
        }
    }

    #[test]
    fn escaping_keeps_each_mediums_promise(text in "(?s).{0,60}") {
        use gclint::report::escape;
        prop_assert!(!escape::terminal(&text).chars().any(escape::is_unsafe));
        let block = escape::terminal_block(&text);
        prop_assert_eq!(block.len(), text.len());
        prop_assert_eq!(block.matches('\n').count(), text.matches('\n').count());
        prop_assert!(!escape::markdown_code(&text).contains(['\n', '\r']));
        let line = escape::workflow_line(&text);
        prop_assert!(!line.contains('\n') && !line.trim_start().starts_with("::"));
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), lang in 0usize..9) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = scan::scan(Language::ALL[lang], &text);
        let _ = parse::yaml::parse(&text);
        let _ = parse::json::parse(&text);
        let _ = parse::hcl::parse(&text);
        let _ = gclint::db::normalize_call_path(&text);
    }
}

/// Every prefix of the real example files: truncated input is the common
/// hostile case (an editor mid-keystroke, a cut download).
#[test]
fn truncated_real_files_never_panic() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let files = [
        (
            "examples/messaging-bridge/server/genesys.js",
            Language::JavaScript,
        ),
        (
            "fixtures/languages/python/exporter/followup.py",
            Language::Python,
        ),
        (
            "fixtures/languages/csharp/Services/GuestChatClient.cs",
            Language::CSharp,
        ),
        (
            "fixtures/languages/php/app/Services/GenesysClient.php",
            Language::Php,
        ),
    ];
    for (rel, lang) in files {
        let Ok(text) = std::fs::read_to_string(root.join(rel)) else {
            panic!("{rel} is part of the repository");
        };
        for end in (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .step_by(7)
        {
            let _ = scan::scan(lang, &text[..end]);
        }
    }
    for rel in [
        "examples/messaging-bridge/appfoundry.yaml",
        "fixtures/formats/terraform-cc/main.tf",
    ] {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        for end in (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .step_by(5)
        {
            let _ = parse::yaml::parse(&text[..end]);
            let _ = parse::hcl::parse(&text[..end]);
        }
    }
}
