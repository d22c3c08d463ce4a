//! Fixtures: lakes generated once per test binary from fixed seeds.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cx_generator::{generate, Config, Summary};

/// Generates a lake into a fresh temporary folder.
pub fn lake(seed: u64, scale: u32) -> (tempfile::TempDir, Summary) {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = generate(&Config {
        seed,
        scale,
        out: dir.path().join("lake"),
    })
    .expect("generation succeeds");
    (dir, summary)
}

/// The default lake (seed 7, scale 1), shared by the tests that only read it.
pub fn default_lake() -> &'static (tempfile::TempDir, Summary) {
    static LAKE: OnceLock<(tempfile::TempDir, Summary)> = OnceLock::new();
    LAKE.get_or_init(|| lake(7, 1))
}

/// Every file under `root`, relative, sorted.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    out.sort();
    out
}
