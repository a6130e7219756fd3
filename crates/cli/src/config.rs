//! Where trustboard keeps its data when no database URL is given.

use std::path::PathBuf;

use anyhow::Context;

/// The database URL: the `--database` flag or `TRUSTBOARD_DATABASE_URL` when set,
/// otherwise a SQLite file in the data directory.
pub fn database_url(given: Option<&str>) -> anyhow::Result<String> {
    if let Some(url) = given {
        return Ok(url.to_string());
    }
    let dir = data_dir();
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    Ok(format!("sqlite://{}", dir.join("trustboard.db").display()))
}

/// `TRUSTBOARD_DATA_DIR`, else `$XDG_DATA_HOME/trustboard`, else `~/.local/share/trustboard`.
pub fn data_dir() -> PathBuf {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = env("TRUSTBOARD_DATA_DIR") {
        return dir;
    }
    if let Some(dir) = env("XDG_DATA_HOME") {
        return dir.join("trustboard");
    }
    match env("HOME") {
        Some(home) => home.join(".local/share/trustboard"),
        None => PathBuf::from("trustboard-data"),
    }
}
