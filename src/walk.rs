//! The Go files under the given paths, the way the go command sees a tree.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WalkOptions {
    pub(crate) include_vendor: bool,
}

/// A path the walk could not enter or that does not exist.
#[derive(Debug, Clone)]
pub(crate) struct WalkError {
    pub(crate) path: PathBuf,
    pub(crate) msg: String,
}

/// Every `.go` file under `roots`, sorted, without duplicates. Directories named `vendor`
/// (unless asked), `testdata`, or beginning with `.` or `_` are pruned, as the go command
/// does; `.gitignore` and `.ignore` are honoured; symbolic links are never followed, so the
/// walk cannot leave the tree and a write can never replace a link by a file.
pub(crate) fn go_files(roots: &[PathBuf], opts: WalkOptions) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        let meta = match std::fs::symlink_metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(WalkError {
                    path: root.clone(),
                    msg: e.to_string(),
                });
                continue;
            }
        };
        if !meta.is_dir() {
            // A file named on the command line is taken as it is, like gofmt does.
            files.push(root.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false) // the go rules below prune dot names; hidden() would also drop files
            .parents(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .ignore(true)
            .require_git(false)
            .follow_links(false)
            .filter_entry(move |e| keep_entry(e.path(), e.depth(), e.file_type(), opts))
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file())
                        && e.path().extension().is_some_and(|x| x == "go")
                    {
                        files.push(e.into_path());
                    }
                }
                Err(err) => errors.push(WalkError {
                    path: root.clone(),
                    msg: err.to_string(),
                }),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn keep_entry(
    path: &Path,
    depth: usize,
    file_type: Option<std::fs::FileType>,
    opts: WalkOptions,
) -> bool {
    if depth == 0 {
        return true;
    }
    let Some(ft) = file_type else { return false };
    if ft.is_symlink() {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.starts_with('_') {
        return false;
    }
    if ft.is_dir() {
        return name != "testdata" && (opts.include_vendor || name != "vendor");
    }
    true
}
