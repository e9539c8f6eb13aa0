#![no_main]
//! Every source scanner; the first byte picks the language.
use gclint::scan::{scan, Language};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let found = scan(Language::ALL[pick as usize % Language::ALL.len()], &text);
    for c in &found.calls {
        assert!(c.range.end <= text.len());
    }
});
