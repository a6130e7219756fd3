//! Putting a file in place so that a crash leaves either the old file or
//! the new one, never half of one: write beside, fsync, rename, fsync the folder.

use std::fs;
use std::path::{Path, PathBuf};

use super::BackupError;

/// Where a file is written before it takes `dest`'s name: the same folder,
/// so the rename cannot cross file systems.
pub(crate) fn partial_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

pub(crate) fn remove_if_present(path: &Path) -> Result<(), BackupError> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(io_error("remove", path, error))
        }
        _ => Ok(()),
    }
}

pub(crate) fn copy(from: &Path, to: &Path) -> Result<(), BackupError> {
    fs::copy(from, to).map_err(|e| io_error("copy to", to, e))?;
    Ok(())
}

/// Moves the finished, fsynced `partial` to `dest`. Without `replace` an
/// existing `dest` is left alone and an error returned, even if it appeared
/// while the partial file was written.
pub(crate) fn put_in_place(partial: &Path, dest: &Path, replace: bool) -> Result<(), BackupError> {
    let synced = fs::File::open(partial).and_then(|file| file.sync_all());
    let placed = synced.and_then(|()| {
        if replace {
            fs::rename(partial, dest)
        } else {
            fs::hard_link(partial, dest).and_then(|()| fs::remove_file(partial))
        }
    });
    if let Err(error) = placed {
        let _ = fs::remove_file(partial);
        return Err(if error.kind() == std::io::ErrorKind::AlreadyExists {
            BackupError::OutputExists {
                path: dest.display().to_string(),
            }
        } else {
            io_error("write", dest, error)
        });
    }
    sync_folder_of(dest)
}

/// Puts a copy that passed its check in place and returns the check's
/// result with the file's size; a copy that failed is removed and the
/// check's error returned.
pub(crate) fn keep_if_checked<T>(
    partial: &Path,
    dest: &Path,
    replace: bool,
    checked: Result<T, BackupError>,
) -> Result<(T, u64), BackupError> {
    let checked = match checked {
        Ok(checked) => checked,
        Err(error) => {
            remove_if_present(partial)?;
            return Err(error);
        }
    };
    put_in_place(partial, dest, replace)?;
    let bytes = fs::metadata(dest)
        .map_err(|e| io_error("read", dest, e))?
        .len();
    Ok((checked, bytes))
}

/// Makes a rename in `path`'s folder survive a power cut.
pub(crate) fn sync_folder_of(path: &Path) -> Result<(), BackupError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::File::open(folder)
        .and_then(|dir| dir.sync_all())
        .map_err(|e| io_error("sync the folder of", path, e))
}

pub(crate) fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> BackupError {
    BackupError::Io {
        action,
        path: path.display().to_string(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_replaced_only_when_asked() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let dest = dir.path().join("backup.db");
        fs::write(&dest, "old").expect("write");
        let partial = partial_path(&dest);
        fs::write(&partial, "new").expect("write");
        let refused = put_in_place(&partial, &dest, false);
        assert!(matches!(refused, Err(BackupError::OutputExists { .. })));
        assert_eq!(fs::read_to_string(&dest).ok().as_deref(), Some("old"));
        assert!(!partial.exists(), "a refused partial file is removed");

        fs::write(&partial, "new").expect("write");
        assert!(put_in_place(&partial, &dest, true).is_ok());
        assert_eq!(fs::read_to_string(&dest).ok().as_deref(), Some("new"));
        assert!(!partial.exists());
    }
}
