#![no_main]
//! The manifest reader on JSON, and API JSON detection on the same bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = gclint::manifest::read(
        gclint::source::FileId(0),
        &text,
        true,
        std::path::Path::new("."),
    );
    if let Ok(parsed) = gclint::parse::json::parse(&text) {
        let _ = gclint::config::api_json::read(
            gclint::source::FileId(0),
            &parsed.root,
            std::path::Path::new("."),
        );
    }
});
