//! `--patch-dir DIR --split module|package|owner`: the run's diffs cut into reviewable
//! pieces, one `git apply`-able patch per module, per package, or per owner from the
//! repository's `CODEOWNERS`, with an index (`index.json`) listing each patch's files,
//! rewrites and owners. A package's change set (its fixes and the generated files they need)
//! is never cut: it goes whole into one patch.

use crate::output::{FileChange, Outcome};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How the patches are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Module,
    Package,
    Owner,
}

/// One patch of the index.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PatchEntry {
    /// The file name of the patch, in the patch directory.
    pub patch: String,
    /// The module path, package import path, or owners it holds.
    pub key: String,
    /// The files it changes, as its headers name them.
    pub files: Vec<String>,
    /// Rewrites in it, in all and per transform.
    pub rewrites: usize,
    pub rules: BTreeMap<String, usize>,
    /// The `CODEOWNERS` owners of its files (empty without a CODEOWNERS file).
    pub owners: Vec<String>,
}

/// The index written beside the patches.
#[derive(Debug, Clone, Serialize)]
pub struct PatchIndex {
    pub split: &'static str,
    /// The directory the patches' paths are relative to (apply them from there).
    pub base: String,
    /// The CODEOWNERS file read, if any.
    pub codeowners: Option<String>,
    pub patches: Vec<PatchEntry>,
}

/// The rules of a CODEOWNERS file, in order: the last rule that matches a path names its
/// owners (GitHub's and GitLab's rule; a rule without owners leaves the path unowned).
pub struct CodeOwners {
    /// The matcher, whether it matches files directly under a directory only (`dir/*`, as
    /// GitHub reads it: not `dir/sub/x`), and the owners.
    rules: Vec<(Gitignore, bool, Vec<String>)>,
}

impl CodeOwners {
    /// The first of `CODEOWNERS`, `.github/CODEOWNERS`, `docs/CODEOWNERS`, `.gitlab/CODEOWNERS`
    /// under `root`, read.
    pub fn find(root: &Path) -> Option<(PathBuf, CodeOwners)> {
        [
            "CODEOWNERS",
            ".github/CODEOWNERS",
            "docs/CODEOWNERS",
            ".gitlab/CODEOWNERS",
        ]
        .iter()
        .map(|p| root.join(p))
        .find_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p, CodeOwners::parse(root, &text)))
        })
    }

    pub fn parse(root: &Path, text: &str) -> CodeOwners {
        let mut rules = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            // GitLab sections (`[Docs]`) and comments carry no rule.
            if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(pattern) = parts.next() else {
                continue;
            };
            let owners: Vec<String> = parts
                .take_while(|p| !p.starts_with('#'))
                .map(str::to_string)
                .collect();
            let mut b = GitignoreBuilder::new(root);
            if b.add_line(None, pattern).is_err() {
                continue;
            }
            if let Ok(g) = b.build() {
                rules.push((g, pattern.ends_with("/*"), owners));
            }
        }
        CodeOwners { rules }
    }

    /// The owners of `rel` (a file path relative to the root).
    pub fn owners(&self, rel: &str) -> Vec<String> {
        self.rules
            .iter()
            .rev()
            .find(|(g, direct, _)| {
                if *direct {
                    g.matched(rel, false).is_ignore()
                } else {
                    g.matched_path_or_any_parents(rel, false).is_ignore()
                }
            })
            .map(|(_, _, o)| o.clone())
            .unwrap_or_default()
    }
}

fn file_name_for(key: &str, taken: &mut BTreeMap<String, usize>) -> String {
    let mut name: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    name = name.trim_matches(['_', '.']).to_string();
    if name.is_empty() {
        name = "root".into();
    }
    let n = taken.entry(name.clone()).or_insert(0);
    *n += 1;
    if *n > 1 {
        name = format!("{name}-{n}");
    }
    format!("{name}.patch")
}

/// Cuts `out`'s change sets into patches and writes them, with `index.json`, into `dir`
/// (created if needed). Returns the index.
pub fn write_patches(out: &Outcome, dir: &Path, split: Split) -> std::io::Result<PatchIndex> {
    let base = crate::output::diff::base()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let owners = CodeOwners::find(&base);
    let owners_of = |f: &FileChange| -> Vec<String> {
        owners.as_ref().map_or_else(Vec::new, |(_, o)| {
            o.owners(&crate::output::diff::header_path(&f.path))
        })
    };
    // Group the change sets, whole.
    let mut groups: BTreeMap<String, Vec<&Vec<FileChange>>> = BTreeMap::new();
    for set in &out.changes {
        let first = set.iter().find(|f| f.original.is_some()).unwrap_or(&set[0]);
        let key = match split {
            Split::Module if first.module.is_empty() => "(no module)".to_string(),
            Split::Module => first.module.clone(),
            Split::Package => first.package.clone(),
            Split::Owner => {
                let o = owners_of(first);
                if o.is_empty() {
                    "(unowned)".to_string()
                } else {
                    o.join(" ")
                }
            }
        };
        groups.entry(key).or_default().push(set);
    }
    std::fs::create_dir_all(dir)?;
    let mut taken = BTreeMap::new();
    let mut patches = Vec::new();
    for (key, sets) in groups {
        let name = file_name_for(&key, &mut taken);
        let files: Vec<&FileChange> = sets.iter().flat_map(|s| s.iter()).collect();
        let text: String = files.iter().map(|f| f.diff.as_str()).collect();
        std::fs::write(dir.join(&name), text)?;
        let mut rules = BTreeMap::new();
        for f in &out.findings {
            if files.iter().any(|c| c.display == f.path) {
                *rules.entry(f.rule.clone()).or_insert(0) += 1;
            }
        }
        let mut all_owners: Vec<String> = files.iter().flat_map(|f| owners_of(f)).collect();
        all_owners.sort();
        all_owners.dedup();
        patches.push(PatchEntry {
            patch: name,
            key,
            files: files
                .iter()
                .map(|f| crate::output::diff::header_path(&f.path))
                .collect(),
            rewrites: rules.values().sum(),
            rules,
            owners: all_owners,
        });
    }
    let index = PatchIndex {
        split: match split {
            Split::Module => "module",
            Split::Package => "package",
            Split::Owner => "owner",
        },
        base: base.display().to_string(),
        codeowners: owners.map(|(p, _)| p.display().to_string()),
        patches,
    };
    let json = serde_json::to_string_pretty(&index).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("index.json"), json + "\n")?;
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_matching_codeowners_rule_wins() {
        let o = CodeOwners::parse(
            Path::new("/r"),
            "# owners\n* @all\n/svc/ @svc-team # comment\nsvc/pay/*.go @pay @sec\n/docs/ \n[Section]\n",
        );
        assert_eq!(o.owners("main.go"), vec!["@all"]);
        assert_eq!(o.owners("svc/a/a.go"), vec!["@svc-team"]);
        assert_eq!(o.owners("svc/pay/p.go"), vec!["@pay", "@sec"]);
        assert!(
            o.owners("docs/x.go").is_empty(),
            "a rule without owners unowns"
        );
        let o = CodeOwners::parse(Path::new("/r"), "* @all\n/svc/* @star\n");
        assert_eq!(o.owners("svc/a.go"), vec!["@star"]);
        assert_eq!(
            o.owners("svc/b/inner/c.go"),
            vec!["@all"],
            "dir/* is not recursive"
        );
    }

    #[test]
    fn patch_names_are_safe_and_distinct() {
        let mut t = BTreeMap::new();
        assert_eq!(
            file_name_for("example.com/m/p", &mut t),
            "example.com_m_p.patch"
        );
        assert_eq!(file_name_for("@org/team @x", &mut t), "org_team__x.patch");
        assert_eq!(
            file_name_for("example.com/m/p", &mut t),
            "example.com_m_p-2.patch"
        );
        assert_eq!(file_name_for("(no module)", &mut t), "no_module.patch");
    }
}
