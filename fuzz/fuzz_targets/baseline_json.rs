#![no_main]
//! A baseline file (`--baseline`): JSON, its version and its entries.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = gclint::baseline::Baseline::parse(&text, std::path::Path::new("b.json"), "b.json");
});
