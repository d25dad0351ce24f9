//! Build script: regenerates `include/sessl/fleet.h` (checked in) with
//! cbindgen from the C API in `src/attach.rs` (`fleet/cbindgen.toml`).

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    for watched in ["src/attach.rs", "cbindgen.toml", "build.rs"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_src(root.join("src/attach.rs"))
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate include/sessl/fleet.h");
    let mut text = Vec::new();
    bindings.write(&mut text);
    let header = root.join("include/sessl/fleet.h");
    if fs::read(&header).ok().as_deref() != Some(&text[..]) {
        fs::create_dir_all(header.parent().unwrap()).unwrap();
        fs::write(&header, &text).unwrap();
        println!("cargo:warning=regenerated fleet/include/sessl/fleet.h: commit it");
    }
}
