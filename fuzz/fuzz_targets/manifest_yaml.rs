#![no_main]
//! The manifest reader on YAML: parse, schema validation and model building.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = gclint::manifest::read(
        gclint::source::FileId(0),
        &text,
        false,
        std::path::Path::new("."),
    );
});
