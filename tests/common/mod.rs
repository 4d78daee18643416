//! What the fixture tests share: the fixture cases that list their
//! personal strings, and those strings.

use std::fs;
use std::path::{Path, PathBuf};

/// Every fixture case folder with a `personal.txt`, in order.
pub fn fixture_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(root).unwrap().flatten().map(|e| e.path()).filter(|p| p.join("personal.txt").exists()).collect();
    dirs.sort();
    // (A loop over no case would pass whatever it checks.)
    assert!(dirs.len() >= 5, "the fixture cases are missing: {dirs:?}");
    dirs
}

/// The personal strings planted in a fixture case.
pub fn personal(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join("personal.txt")).unwrap();
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect()
}
