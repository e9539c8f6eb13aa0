#![no_main]
//! Terraform: HCL parsing and module resolution.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(blocks) = gclint::parse::hcl::parse(&text) {
        let files = vec![(gclint::source::FileId(0), blocks)];
        let _ = gclint::config::terraform::read_module(&files, std::path::Path::new("."), &[]);
    }
});
