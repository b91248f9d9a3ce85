//! Any text given to the generator must come back as code or as diagnostics, never as a
//! panic, a hang or an abort.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(diagnostics) = hwc_codegen::render_str(Path::new("fuzz.yaml"), text) {
        // Every diagnostic is located and says something.
        assert!(!diagnostics.0.is_empty());
        for diagnostic in diagnostics.iter() {
            assert!(diagnostic.pointer.starts_with('#'), "{diagnostic}");
            assert!(!diagnostic.message.is_empty(), "{diagnostic}");
            // Code that does not parse is the generator's bug, not the input's.
            assert!(!diagnostic.message.starts_with("internal error"), "{diagnostic}");
        }
    }
});
