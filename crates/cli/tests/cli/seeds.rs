//! The published plan documents that serve as test inputs.

use std::path::PathBuf;

/// The seed file whose name starts with `number` (`000`), from the shared seeds folder.
pub fn seed(number: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|error| {
        panic!(
            "the seed documents are needed at {}: {error}",
            dir.display()
        )
    });
    let prefix = format!("{number}_");
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one seed named {prefix}* in {}, found {found:?}",
        dir.display()
    );
    found.remove(0)
}

/// The text of a seed document.
pub fn seed_text(number: &str) -> String {
    let path = seed(number);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}
