#![no_main]
//! gclint.toml: TOML parse, every key's checks, and the terminal report of
//! its mistakes (with the file's snippet, escaped).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let path = std::path::Path::new("/repo/gclint.toml");
    let db = gclint::db::Database::embedded();
    if let Err(e) = gclint::settings::parse(path, "gclint.toml", text, db) {
        let shown = gclint::report::config::render(&e, false, 100);
        assert!(!shown
            .chars()
            .any(|c| c != '\n' && gclint::report::escape::is_unsafe(c)));
    }
});
