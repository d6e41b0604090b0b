//! Writing a package's files: all or none, each through a temporary file in its own
//! directory renamed over the original, permissions kept, refused when the file changed on
//! disk since it was read or is read-only.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file to write: where, the bytes read at the start (`None` for a new file), the new bytes.
pub(crate) struct Pending<'a> {
    pub(crate) path: &'a Path,
    pub(crate) original: Option<&'a [u8]>,
    pub(crate) new: Vec<u8>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum WriteError {
    #[error(
        "{0}: read-only; left untouched with the rest of its package (make it writable to let gomapfix rewrite it)"
    )]
    ReadOnly(PathBuf),
    #[error(
        "{0}: changed on disk since gomapfix read it; left untouched with the rest of its package (run again)"
    )]
    Changed(PathBuf),
    #[error("{0}: cannot write: {1}; the package's other files were not written either")]
    Io(PathBuf, String),
}

/// Checks every file of a package before the first rename; one refusal writes none.
pub(crate) fn check(files: &[Pending<'_>]) -> Result<(), WriteError> {
    for f in files {
        match f.original {
            Some(orig) => {
                let meta = std::fs::metadata(f.path)
                    .map_err(|e| WriteError::Io(f.path.into(), e.to_string()))?;
                if meta.permissions().readonly() {
                    return Err(WriteError::ReadOnly(f.path.into()));
                }
                let now = std::fs::read(f.path)
                    .map_err(|e| WriteError::Io(f.path.into(), e.to_string()))?;
                if now != orig {
                    return Err(WriteError::Changed(f.path.into()));
                }
            }
            None => {
                // A generated file that appeared since the walk is somebody else's.
                if f.path.exists() {
                    return Err(WriteError::Changed(f.path.into()));
                }
            }
        }
    }
    Ok(())
}

/// Writes a package's files after `check`; stops at the first I/O failure.
pub(crate) fn write_all(files: &[Pending<'_>]) -> Result<(), WriteError> {
    check(files)?;
    for f in files {
        write_one(f).map_err(|e| WriteError::Io(f.path.into(), e.to_string()))?;
    }
    Ok(())
}

fn write_one(f: &Pending<'_>) -> std::io::Result<()> {
    // A symbolic link is written through, as `gofmt -w` does: the file it points to gets
    // the new bytes, and the link stays a link.
    let target = if std::fs::symlink_metadata(f.path).is_ok_and(|m| m.file_type().is_symlink()) {
        std::fs::canonicalize(f.path)?
    } else {
        f.path.to_path_buf()
    };
    let f = &Pending {
        path: &target,
        original: f.original,
        new: f.new.clone(),
    };
    let dir = f
        .path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".gomapfix-")
        .tempfile_in(dir)?;
    tmp.write_all(&f.new)?;
    tmp.as_file().sync_all()?;
    let perms = match std::fs::metadata(f.path) {
        Ok(m) => m.permissions(),
        Err(_) => {
            // A new file gets the permissions of an ordinary file in its directory.
            let mut p = tmp.as_file().metadata()?.permissions();
            set_mode_644(&mut p);
            p
        }
    };
    std::fs::set_permissions(tmp.path(), perms)?;
    tmp.persist(f.path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn set_mode_644(p: &mut std::fs::Permissions) {
    use std::os::unix::fs::PermissionsExt;
    p.set_mode(0o644);
}

#[cfg(not(unix))]
fn set_mode_644(_: &mut std::fs::Permissions) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_on_disk_stops_the_whole_package() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.go");
        let b = dir.path().join("b.go");
        std::fs::write(&a, "package p // a\n").unwrap();
        std::fs::write(&b, "package p // b, edited since it was read\n").unwrap();
        let files = [
            Pending {
                path: &a,
                original: Some(b"package p // a\n"),
                new: b"package p // A\n".to_vec(),
            },
            Pending {
                path: &b,
                original: Some(b"package p // b\n"),
                new: b"package p // B\n".to_vec(),
            },
        ];
        assert!(matches!(write_all(&files), Err(WriteError::Changed(p)) if p == b));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "package p // a\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_stops_the_whole_package_and_a_new_file_is_created() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.go");
        let generated = dir.path().join("gen.go");
        std::fs::write(&a, "package p\n").unwrap();
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o444)).unwrap();
        let files = [
            Pending {
                path: &generated,
                original: None,
                new: b"package p\n".to_vec(),
            },
            Pending {
                path: &a,
                original: Some(b"package p\n"),
                new: b"package p // x\n".to_vec(),
            },
        ];
        assert!(matches!(write_all(&files), Err(WriteError::ReadOnly(_))));
        assert!(!generated.exists());
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_all(&files).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "package p // x\n");
        assert_eq!(
            std::fs::metadata(&generated).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }
}
