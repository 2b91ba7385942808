fn main() {
    // The app embeds the built UI; without this, a changed UI would not reach the binary.
    // `cargo xtask` rewrites only the files whose bytes change, so an unchanged UI relinks nothing.
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build();
}
