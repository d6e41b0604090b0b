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

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Every `.go` file to read, sorted, without duplicates.
    pub(crate) files: Vec<PathBuf>,
    /// The directories whose files may be changed only where named: those reached only
    /// through files named on the command line, with the names.
    pub(crate) only: std::collections::BTreeMap<PathBuf, std::collections::BTreeSet<PathBuf>>,
    pub(crate) errors: Vec<WalkError>,
    /// Patterns that matched no Go file (not an error, as for the go command, but said).
    pub(crate) empty_patterns: Vec<PathBuf>,
}

/// `path` with its `.` components dropped (`./a/./b.go` is `a/b.go`), so that one file
/// named two ways is read once.
pub(crate) fn lexical(path: &Path, cwd: Option<&Path>) -> PathBuf {
    use std::path::Component;
    // An absolute path under the current directory is named from it, as a relative one
    // would be: `$PWD/a.go` and `a.go` are one file.
    let path = match cwd.and_then(|c| path.strip_prefix(c).ok()) {
        Some(rel) if path.is_absolute() => rel,
        _ => path,
    };
    // `dir/../dir/a.go` is `dir/a.go`: `..` after a name drops the name.
    let mut parts: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let out: PathBuf = parts.into_iter().collect();
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// Every `.go` file under `roots`, sorted, without duplicates. Directories named `vendor`
/// (unless asked), `testdata`, or beginning with `.` or `_` are pruned, as the go command
/// does; `.gitignore` and `.ignore` are honoured; symbolic links are never followed, so the
/// walk cannot leave the tree and a write can never replace a link by a file. A file named
/// on the command line brings its package's other files (the `.go` files of its directory
/// the go command would see): its package is analysed whole, and changed only where named.
pub(crate) fn go_files(roots: &[PathBuf], opts: WalkOptions) -> Walked {
    let (files, named, errors, empty_patterns) = walk(roots, opts);
    let mut out = Walked {
        errors,
        empty_patterns,
        ..Walked::default()
    };
    let cwd = std::env::current_dir().ok();
    let mut files: Vec<PathBuf> = files.iter().map(|f| lexical(f, cwd.as_deref())).collect();
    let walked_dirs: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    for f in named {
        let f = lexical(&f, cwd.as_deref());
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        if !walked_dirs.contains(&dir) {
            out.only.entry(dir.clone()).or_default().insert(f.clone());
        }
        files.push(f);
    }
    for dir in out.only.keys() {
        let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            // As in a walked directory: files, and links to files (read, not rewritten).
            if name.ends_with(".go")
                && !name.starts_with('.')
                && !name.starts_with('_')
                && e.path().is_file()
            {
                files.push(dir.join(name));
            }
        }
    }
    files.sort();
    files.dedup();
    out.files = files;
    out
}

/// The files under the directory roots, the files named, and the errors.
type WalkResult = (Vec<PathBuf>, Vec<PathBuf>, Vec<WalkError>, Vec<PathBuf>);

fn walk(roots: &[PathBuf], opts: WalkOptions) -> WalkResult {
    let mut empty = Vec::new();
    let mut files = Vec::new();
    let mut named = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        // `dir/...` (and `./...`, `...`) means what it means to the go command: the
        // packages under dir, not those of nested modules (a directory with its own
        // go.mod). A plain directory is walked whole, as gofmt walks it.
        let text = root.to_string_lossy();
        let (root, pattern) = match text.strip_suffix("...") {
            Some(base) if base.is_empty() || base.ends_with('/') => {
                let base = base.trim_end_matches('/');
                (
                    PathBuf::from(if base.is_empty() { "." } else { base }),
                    true,
                )
            }
            _ => (root.clone(), false),
        };
        let root = &root;
        // A root is followed when it is a link (a linked directory is walked; a linked
        // file is read and written through); links below it are not.
        let meta = match std::fs::metadata(root) {
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
            named.push(root.clone());
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
            .filter_entry(move |e| {
                keep_entry(e.path(), e.depth(), e.file_type(), opts)
                    && !(pattern
                        && e.depth() > 0
                        && e.file_type().is_some_and(|t| t.is_dir())
                        && e.path().join("go.mod").exists())
            })
            .build();
        let before = files.len();
        for entry in walker {
            match entry {
                Ok(e) => {
                    // A link to a file is a file of its directory's package, as the go
                    // command compiles it (it is read; see `Source::linked_elsewhere`).
                    let file = e
                        .file_type()
                        .is_some_and(|t| t.is_file() || (t.is_symlink() && e.path().is_file()));
                    if file && e.path().extension().is_some_and(|x| x == "go") {
                        files.push(e.into_path());
                    }
                }
                Err(err) => errors.push(WalkError {
                    path: root.clone(),
                    msg: err.to_string(),
                }),
            }
        }
        if pattern && files.len() == before {
            empty.push(PathBuf::from(text.as_ref()));
        }
    }
    (files, named, errors, empty)
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
        // Links to directories are not followed; a link to a file is kept.
        return path.is_file();
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
