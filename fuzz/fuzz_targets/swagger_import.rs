#![no_main]
//! The swagger importer on one document (JSON or YAML by the first byte).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let _ = gclint::import::swagger::read_text("fuzz", "fuzz", &text, pick % 2 == 0);
});
