#![no_main]
//! The premium-app wizard config: oxc parse and provisioningInfo reading.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(Some(root)) = gclint::parse::js_object::object_with_key(&text, "provisioningInfo") {
        let _ = gclint::config::wizard::read(
            gclint::source::FileId(0),
            &root,
            std::path::Path::new("config/config.js"),
        );
    }
});
