//! Where an imported package's files are, as the go command finds them (issue 22, item 1),
//! for `semantic::imported`: from the module the analysed directory belongs to, an import
//! path is one of the module's own packages (or of another module of its `go.work`), a
//! package of the standard library (`$GOROOT/src`), a vendored package (`vendor/`, when
//! the module vendors), or a package of a required module: a local `replace` directory or
//! the module cache (`$GOMODCACHE/path@version`, with the go command's escaping), at the
//! version the module's go.mod requires (the highest any of a workspace's modules
//! requires). Nothing is downloaded: a module not in the cache has no facts.

use crate::semantic::imported::World;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// One world per module root, for the whole run.
#[derive(Default)]
pub(crate) struct Worlds {
    by_root: Mutex<HashMap<Option<PathBuf>, Arc<World>>>,
}

impl Worlds {
    /// The world of the module `dir` belongs to (of the standard library alone outside
    /// any module).
    pub(crate) fn for_dir(&self, dir: &Path) -> Arc<World> {
        // A package named from the current directory (`gomapfix .`) has the directory "".
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let root = abs
            .ancestors()
            .find(|d| d.join("go.mod").is_file())
            .map(Path::to_path_buf);
        self.by_root
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(root.clone())
            .or_insert_with(|| {
                let env = go_env();
                let std_root = env.goroot.as_ref().map(|g| g.join("src"));
                let locator = Locator::of(root.as_deref(), env);
                Arc::new(World::new(
                    Box::new(move |path| locator.locate(path)),
                    std_root,
                ))
            })
            .clone()
    }
}

/// What `go env` says of where packages are, asked once per run.
struct GoEnv {
    goroot: Option<PathBuf>,
    modcache: Option<PathBuf>,
    goflags: String,
}

fn go_env() -> &'static GoEnv {
    static ENV: OnceLock<GoEnv> = OnceLock::new();
    ENV.get_or_init(|| {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let asked: Vec<String> = std::process::Command::new("go")
            .args(["env", "GOROOT", "GOMODCACHE", "GOFLAGS"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let from_go = |i: usize| asked.get(i).filter(|v| !v.is_empty()).cloned();
        let modcache = from_go(1).or_else(|| var("GOMODCACHE")).or_else(|| {
            let gopath = var("GOPATH").or_else(|| {
                dirs::home_dir().map(|h| h.join("go").to_string_lossy().into_owned())
            })?;
            let first = std::env::split_paths(&gopath).next()?;
            Some(first.join("pkg/mod").to_string_lossy().into_owned())
        });
        GoEnv {
            goroot: from_go(0).or_else(|| var("GOROOT")).map(PathBuf::from),
            modcache: modcache.map(PathBuf::from),
            goflags: from_go(2).or_else(|| var("GOFLAGS")).unwrap_or_default(),
        }
    })
}

/// Where a required module's files are.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Dir(PathBuf),
    Cache { path: String, version: String },
}

/// The import paths of one module's view.
#[derive(Debug, Default)]
struct Locator {
    std_src: Option<PathBuf>,
    modcache: Option<PathBuf>,
    /// Modules whose packages are their directories: the main module, a workspace's.
    local: Vec<(String, PathBuf)>,
    /// `vendor/` of the main module, when it vendors.
    vendor: Option<PathBuf>,
    /// Required modules by path.
    required: HashMap<String, Target>,
}

impl Locator {
    fn of(root: Option<&Path>, env: &GoEnv) -> Locator {
        let mut l = Locator {
            std_src: env.goroot.as_ref().map(|g| g.join("src")),
            modcache: env.modcache.clone(),
            ..Locator::default()
        };
        let Some(root) = root else { return l };
        let Some(main) = read_gomod(root) else {
            return l;
        };
        let workspace = crate::engine::gowork::workspace_uses(root);
        let mut mods = vec![(root.to_path_buf(), main)];
        if let Some(uses) = &workspace {
            for u in uses.iter().filter(|u| u.as_path() != root) {
                if let Some(m) = read_gomod(u) {
                    mods.push((u.clone(), m));
                }
            }
        }
        let mut versions: HashMap<String, String> = HashMap::new();
        for (_, m) in &mods {
            for (p, v) in &m.require {
                let newer = versions
                    .get(p)
                    .is_none_or(|old| version_key(v) > version_key(old));
                if newer {
                    versions.insert(p.clone(), v.clone());
                }
            }
        }
        // Replacements: the main module's (a workspace's modules' too; go.work's own
        // replacements are not read).
        for (p, v) in versions {
            let mut target = Target::Cache {
                path: p.clone(),
                version: v.clone(),
            };
            for (dir, m) in &mods {
                for r in m.replace.iter().filter(|r| r.old == p) {
                    if r.old_version.as_ref().is_some_and(|ov| *ov != v) {
                        continue;
                    }
                    target = match &r.new_version {
                        Some(nv) => Target::Cache {
                            path: r.new.clone(),
                            version: nv.clone(),
                        },
                        None => {
                            let d = dir.join(&r.new);
                            Target::Dir(std::fs::canonicalize(&d).unwrap_or(d))
                        }
                    };
                }
            }
            l.required.insert(p, target);
        }
        let go_ok = mods[0]
            .1
            .go
            .as_deref()
            .is_some_and(|g| version_key(g) >= version_key("1.14"));
        let mod_flag = env
            .goflags
            .split_whitespace()
            .find_map(|f| f.strip_prefix("-mod="))
            .unwrap_or("");
        // In workspace mode the go command ignores vendor/ (whether or not the workspace
        // could be read here).
        let in_workspace = crate::engine::gowork::workspace_of(root).is_some();
        if workspace.is_none()
            && !in_workspace
            && root.join("vendor/modules.txt").is_file()
            && (mod_flag == "vendor" || (mod_flag.is_empty() && go_ok))
        {
            l.vendor = Some(root.join("vendor"));
        }
        l.local = mods.into_iter().map(|(d, m)| (m.module, d)).collect();
        l
    }

    fn locate(&self, path: &str) -> Option<PathBuf> {
        let within = |m: &str| path == m || path.starts_with(&format!("{m}/"));
        let rest = |m: &str| path[m.len()..].trim_start_matches('/').to_string();
        // The module's own packages (a nested module's directory is that module's).
        if let Some((m, root)) = self
            .local
            .iter()
            .filter(|(m, _)| !m.is_empty() && within(m))
            .max_by_key(|(m, _)| m.len())
        {
            let dir = root.join(rest(m));
            let nested = dir
                .ancestors()
                .take_while(|a| *a != root.as_path())
                .any(|a| a.join("go.mod").is_file());
            if dir.is_dir() && !nested {
                return Some(dir);
            }
        }
        let first = path.split('/').next().unwrap_or("");
        if !first.contains('.') {
            return self
                .std_src
                .as_ref()
                .map(|s| s.join(path))
                .filter(|d| d.is_dir());
        }
        if let Some(v) = &self.vendor {
            return Some(v.join(path)).filter(|d| d.is_dir());
        }
        let (m, target) = self
            .required
            .iter()
            .filter(|(m, _)| within(m))
            .max_by_key(|(m, _)| m.len())?;
        let base = match target {
            Target::Dir(d) => d.clone(),
            Target::Cache { path, version } => {
                self.modcache
                    .as_ref()?
                    .join(format!("{}@{}", escape(path), escape(version)))
            }
        };
        Some(base.join(rest(m))).filter(|d| d.is_dir())
    }
}

/// A module path or version as the module cache spells it: each upper-case letter as `!`
/// and its lower case (`golang.org/x/mod/module.EscapePath`).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A version's order: its numbers (`v1.2.3`, `1.22`), a release above its pre-releases.
fn version_key(v: &str) -> (Vec<u64>, bool, String) {
    let v = v.trim_start_matches('v');
    let (core, pre) = match v.split_once(['-', '+']) {
        Some((c, p)) => (c, p.to_string()),
        None => (v, String::new()),
    };
    let nums = core
        .split('.')
        .map(|n| n.parse().unwrap_or(0))
        .collect::<Vec<u64>>();
    (nums, pre.is_empty(), pre)
}

/// What gomapfix reads of a go.mod.
#[derive(Debug, Default, PartialEq)]
struct GoMod {
    module: String,
    go: Option<String>,
    require: Vec<(String, String)>,
    replace: Vec<Replace>,
}

#[derive(Debug, PartialEq)]
struct Replace {
    old: String,
    old_version: Option<String>,
    new: String,
    new_version: Option<String>,
}

fn read_gomod(root: &Path) -> Option<GoMod> {
    Some(parse_gomod(
        &std::fs::read_to_string(root.join("go.mod")).ok()?,
    ))
}

/// The module path a `go.mod` at `file` declares.
pub(crate) fn module_path(file: &Path) -> Option<String> {
    let m = parse_gomod(&std::fs::read_to_string(file).ok()?).module;
    (!m.is_empty()).then_some(m)
}

/// The `module`, `go`, `require` and `replace` directives of a go.mod, in their one-line
/// and block forms, comments and quotes removed.
fn parse_gomod(text: &str) -> GoMod {
    let mut m = GoMod::default();
    let mut block: Option<String> = None;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<String> = line
            .split_whitespace()
            .map(|w| w.trim_matches(|c| c == '"' || c == '`').to_string())
            .collect();
        let (verb, args): (String, &[String]) = match &block {
            Some(_) if line == ")" => {
                block = None;
                continue;
            }
            Some(b) => (b.clone(), &words[..]),
            None if words.len() == 2 && words[1] == "(" => {
                block = Some(words[0].clone());
                continue;
            }
            None => (words[0].clone(), &words[1..]),
        };
        match (verb.as_str(), args) {
            ("module", [p, ..]) => m.module = p.clone(),
            ("go", [v, ..]) => m.go = Some(v.clone()),
            ("require", [p, v, ..]) => m.require.push((p.clone(), v.clone())),
            ("replace", _) => {
                let Some(arrow) = args.iter().position(|w| w == "=>") else {
                    continue;
                };
                let (l, r) = (&args[..arrow], &args[arrow + 1..]);
                if let (Some(old), Some(new)) = (l.first(), r.first()) {
                    m.replace.push(Replace {
                        old: old.clone(),
                        old_version: l.get(1).cloned(),
                        new: new.clone(),
                        new_version: r.get(1).cloned(),
                    });
                }
            }
            _ => {}
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_mod_directives_in_both_forms() {
        let m = parse_gomod(
            "module example.com/m // the module\n\ngo 1.22.3\n\nrequire golang.org/x/sys v0.20.0\nrequire (\n\tgithub.com/BurntSushi/toml v1.3.2 // indirect\n\t\"example.com/q\" v0.0.0-20240101000000-abcdef123456\n)\n\nreplace example.com/q => ../q\nreplace (\n\tgolang.org/x/sys v0.20.0 => golang.org/x/sys v0.21.0\n)\n",
        );
        assert_eq!(m.module, "example.com/m");
        assert_eq!(m.go.as_deref(), Some("1.22.3"));
        assert_eq!(
            m.require,
            vec![
                ("golang.org/x/sys".into(), "v0.20.0".into()),
                ("github.com/BurntSushi/toml".into(), "v1.3.2".into()),
                (
                    "example.com/q".into(),
                    "v0.0.0-20240101000000-abcdef123456".into()
                ),
            ]
        );
        assert_eq!(
            m.replace,
            vec![
                Replace {
                    old: "example.com/q".into(),
                    old_version: None,
                    new: "../q".into(),
                    new_version: None
                },
                Replace {
                    old: "golang.org/x/sys".into(),
                    old_version: Some("v0.20.0".into()),
                    new: "golang.org/x/sys".into(),
                    new_version: Some("v0.21.0".into())
                },
            ]
        );
    }

    #[test]
    fn import_paths_resolve_as_the_go_command_finds_them() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("m");
        let cache = t.path().join("cache");
        let goroot = t.path().join("goroot");
        let mk = |p: PathBuf| {
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(p.join("a.go"), "package a\n").unwrap();
            p
        };
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(
            root.join("go.mod"),
            "module example.com/m\n\ngo 1.22\n\nrequire (\n\tgithub.com/Foo/bar v1.2.0\n\texample.com/q v0.1.0\n\texample.com/m/nested v0.0.1\n)\n\nreplace example.com/q => ../q\n",
        )
        .unwrap();
        let own = mk(root.join("util"));
        let nested = mk(root.join("nested/x"));
        std::fs::write(root.join("nested/go.mod"), "module example.com/m/nested\n").unwrap();
        let fmt = mk(goroot.join("src/fmt"));
        let bar = mk(cache.join("github.com/!foo/bar@v1.2.0/sub"));
        let nested_cached = mk(cache.join("example.com/m/nested@v0.0.1/x"));
        let q = mk(t.path().join("q/inner"));
        let env = GoEnv {
            goroot: Some(goroot),
            modcache: Some(cache),
            goflags: String::new(),
        };
        let l = Locator::of(Some(&root), &env);
        assert_eq!(l.locate("example.com/m/util"), Some(own));
        assert_eq!(l.locate("fmt"), Some(fmt));
        assert_eq!(l.locate("github.com/Foo/bar/sub"), Some(bar));
        assert_eq!(l.locate("example.com/q/inner"), Some(q));
        // A directory holding its own go.mod is another module's: the required version.
        assert_eq!(l.locate("example.com/m/nested/x"), Some(nested_cached));
        assert_ne!(l.locate("example.com/m/nested/x"), Some(nested));
        assert_eq!(l.locate("example.com/unknown"), None);
        assert_eq!(l.locate("github.com/Foo/bar/missing"), None);
        // Vendoring: required modules come from vendor/.
        std::fs::create_dir_all(root.join("vendor")).unwrap();
        std::fs::write(root.join("vendor/modules.txt"), "").unwrap();
        let vendored = mk(root.join("vendor/github.com/Foo/bar/sub"));
        let l = Locator::of(Some(&root), &env);
        assert_eq!(l.locate("github.com/Foo/bar/sub"), Some(vendored.clone()));
        // A go.work above it: the go command ignores vendor/.
        std::fs::write(root.join("go.work"), "go 1.22\n\nuse .\n").unwrap();
        let l = Locator::of(Some(&root), &env);
        assert_ne!(l.locate("github.com/Foo/bar/sub"), Some(vendored));
    }

    #[test]
    fn versions_order_as_semver() {
        assert!(version_key("v1.10.0") > version_key("v1.9.9"));
        assert!(version_key("v1.2.0") > version_key("v1.2.0-rc.1"));
        assert!(version_key("1.22") > version_key("1.14"));
    }
}
