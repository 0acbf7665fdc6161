//! The `kla` command line; all logic lives in the library.
fn main() {}
