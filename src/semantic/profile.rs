//! pprof profiles as Go writes them (gzip-compressed `profile.proto`): decoded with prost
//! and flate2, their samples mapped to the analysed files, and a site's weight read off
//! them (a heap profile's allocations at its line; a CPU profile's samples of its line and
//! of its function).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The messages of pprof's `profile.proto` that gomapfix reads (field numbers as in
/// `runtime/pprof/proto.go`); the rest are skipped by the decoder.
mod pb {
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Profile {
        #[prost(message, repeated, tag = "1")]
        pub sample_type: Vec<ValueType>,
        #[prost(message, repeated, tag = "2")]
        pub sample: Vec<Sample>,
        #[prost(message, repeated, tag = "4")]
        pub location: Vec<Location>,
        #[prost(message, repeated, tag = "5")]
        pub function: Vec<Function>,
        #[prost(string, repeated, tag = "6")]
        pub string_table: Vec<String>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ValueType {
        #[prost(int64, tag = "1")]
        pub r#type: i64,
        #[prost(int64, tag = "2")]
        pub unit: i64,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Sample {
        #[prost(uint64, repeated, tag = "1")]
        pub location_id: Vec<u64>,
        #[prost(int64, repeated, tag = "2")]
        pub value: Vec<i64>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Location {
        #[prost(uint64, tag = "1")]
        pub id: u64,
        #[prost(message, repeated, tag = "4")]
        pub line: Vec<Line>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Line {
        #[prost(uint64, tag = "1")]
        pub function_id: u64,
        #[prost(int64, tag = "2")]
        pub line: i64,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Function {
        #[prost(uint64, tag = "1")]
        pub id: u64,
        #[prost(int64, tag = "2")]
        pub name: i64,
        #[prost(int64, tag = "4")]
        pub filename: i64,
        #[prost(int64, tag = "5")]
        pub start_line: i64,
    }
}

/// What a profile measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `alloc_objects`/`alloc_space` (`-memprofile`, `runtime/pprof`'s heap and allocs).
    Heap,
    /// `samples`/`cpu` (`-cpuprofile`).
    Cpu,
}

/// One frame of a sample, leaf first; inlined frames have their own function and line.
#[derive(Debug, Clone)]
struct Frame {
    /// Index into `Profile::files`.
    file: usize,
    line: u32,
    func_start: u32,
    runtime: bool,
}

/// A decoded profile: its samples as frames, with the values gomapfix reads.
#[derive(Debug, Clone)]
pub struct Profile {
    pub kind: Kind,
    /// Where it was read from (for the report).
    pub source: String,
    /// The file names the profile's functions name, as the machine that built the binary
    /// wrote them, with the package path of a function declared in each.
    files: Vec<(String, String)>,
    samples: Vec<(Vec<Frame>, [i64; 2])>,
    /// The profile's totals: (objects, bytes) for a heap profile, (samples, nanoseconds)
    /// for a CPU profile.
    pub total: [i64; 2],
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("{0}: cannot read: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: not a pprof profile ({1})")]
    Decode(String, String),
    #[error(
        "{0}: a {1} profile; gomapfix reads CPU profiles (-cpuprofile) and heap profiles (-memprofile), whose samples carry alloc_space"
    )]
    Unsupported(String, String),
}

impl Profile {
    /// Reads a profile file (gzip-compressed or not).
    pub fn read(path: &Path) -> Result<Profile, ProfileError> {
        let shown = path.display().to_string();
        let raw = std::fs::read(path).map_err(|e| ProfileError::Io(shown.clone(), e))?;
        Profile::decode(&raw, &shown)
    }

    pub fn decode(raw: &[u8], shown: &str) -> Result<Profile, ProfileError> {
        let mut bytes = Vec::new();
        let data: &[u8] = if raw.starts_with(&[0x1f, 0x8b]) {
            flate2::read::MultiGzDecoder::new(raw)
                .read_to_end(&mut bytes)
                .map_err(|e| ProfileError::Decode(shown.to_string(), format!("gzip: {e}")))?;
            &bytes
        } else {
            raw
        };
        let p = <pb::Profile as prost::Message>::decode(data)
            .map_err(|e| ProfileError::Decode(shown.to_string(), e.to_string()))?;
        let s = |i: i64| {
            usize::try_from(i)
                .ok()
                .and_then(|i| p.string_table.get(i))
                .map_or("", String::as_str)
        };
        let types: Vec<&str> = p.sample_type.iter().map(|t| s(t.r#type)).collect();
        let at = |name: &str| types.iter().position(|t| *t == name);
        let (kind, idx) = if let (Some(o), Some(b)) = (at("alloc_objects"), at("alloc_space")) {
            (Kind::Heap, [o, b])
        } else if let (Some(n), Some(c)) = (at("samples"), at("cpu")) {
            (Kind::Cpu, [n, c])
        } else {
            let what = if types.is_empty() {
                "value-less".to_string()
            } else {
                types.join("/")
            };
            return Err(ProfileError::Unsupported(shown.to_string(), what));
        };
        let mut files: Vec<(String, String)> = Vec::new();
        let mut file_ids: HashMap<String, usize> = HashMap::new();
        // Function id -> (file index, start line, runtime?).
        let mut funcs: HashMap<u64, (usize, u32, bool)> = HashMap::new();
        for f in &p.function {
            let name = s(f.name);
            let file = s(f.filename).to_string();
            let n = files.len();
            let i = *file_ids.entry(file.clone()).or_insert(n);
            if i == n {
                files.push((file, package_of(name).to_string()));
            }
            let runtime = name.starts_with("runtime.") || name.starts_with("internal/runtime/");
            funcs.insert(f.id, (i, u32::try_from(f.start_line).unwrap_or(0), runtime));
        }
        let locs: HashMap<u64, Vec<Frame>> = p
            .location
            .iter()
            .map(|l| {
                let frames = l
                    .line
                    .iter()
                    .filter_map(|ln| {
                        let &(file, func_start, runtime) = funcs.get(&ln.function_id)?;
                        Some(Frame {
                            file,
                            line: u32::try_from(ln.line).unwrap_or(0),
                            func_start,
                            runtime,
                        })
                    })
                    .collect();
                (l.id, frames)
            })
            .collect();
        let mut total = [0i64; 2];
        let samples = p
            .sample
            .iter()
            .map(|smp| {
                let v = [
                    smp.value.get(idx[0]).copied().unwrap_or(0),
                    smp.value.get(idx[1]).copied().unwrap_or(0),
                ];
                total[0] += v[0];
                total[1] += v[1];
                let frames = smp
                    .location_id
                    .iter()
                    .flat_map(|id| locs.get(id).cloned().unwrap_or_default())
                    .collect();
                (frames, v)
            })
            .collect();
        Ok(Profile {
            kind,
            source: shown.to_string(),
            files,
            samples,
            total,
        })
    }
}

/// The package path of a function name as Go writes it: `example.com/m/pkg.(*T).M` ->
/// `example.com/m/pkg`, `main.main.func1` -> `main`.
fn package_of(name: &str) -> &str {
    let slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[slash..].find('.') {
        Some(dot) => &name[..slash + dot],
        None => name,
    }
}

/// An analysed file, as the run knows it.
#[derive(Debug, Clone)]
pub struct Analysed {
    /// The path as walked (the engine's `PkgFile::path`).
    pub path: PathBuf,
    /// Its canonical absolute path.
    pub abs: PathBuf,
    /// The import path of its directory.
    pub import_path: String,
    /// Its path under its module's root (`cmd/tool/main.go`), when it is in a module.
    pub in_module: Option<String>,
}

/// A site's weight in the run's profiles.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Weight {
    /// Its share of the profiles, in percent: the largest of its heap share (objects or
    /// bytes allocated at its line) and its CPU share (time with its line on the stack;
    /// its function's time is told, not counted).
    pub share: f64,
    /// Heap: objects and bytes allocated at its line, and its share of them (the larger of
    /// its share of the objects and of the bytes).
    pub alloc_objects: i64,
    pub alloc_bytes: i64,
    pub heap_share: f64,
    /// CPU: samples whose leaf is its line, samples with its line on the stack, and
    /// samples with its function on the stack (each counted once per sample).
    pub cpu_flat: i64,
    pub cpu_cum: i64,
    pub cpu_func_cum: i64,
    pub cpu_share: f64,
}

#[derive(Debug, Default, Clone)]
struct FileWeights {
    /// Heap: (objects, bytes) allocated at a line.
    alloc: HashMap<u32, [i64; 2]>,
    /// CPU nanoseconds: flat and cumulative of a line.
    flat: HashMap<u32, i64>,
    cum: HashMap<u32, i64>,
    /// CPU nanoseconds with a function on the stack, by its start line.
    func_cum: HashMap<u32, i64>,
}

/// The run's profiles, indexed by analysed file.
#[derive(Debug, Default)]
pub struct Profiles {
    /// The profiles read, in order (kind and source).
    pub read: Vec<(Kind, String)>,
    files: HashMap<PathBuf, FileWeights>,
    heap_total: i64,
    heap_objects: i64,
    cpu_total: i64,
    /// Samples (and their value) with no frame in an analysed file, per profile.
    pub unmapped: Vec<(String, usize, usize, f64)>,
}

impl Profiles {
    /// Indexes `profiles` by the analysed files their frames map to. A profile's file name
    /// (the building machine's path, or `module/path/file.go` under -trimpath) maps to the
    /// analysed file of the same name whose package path is the function's, or else whose
    /// path shares the most trailing elements with it (at least the directory and the
    /// name), as pprof's -trim_path and -source_path do by hand.
    pub fn index(profiles: Vec<Profile>, files: &[Analysed]) -> Profiles {
        let mut by_base: HashMap<&str, Vec<&Analysed>> = HashMap::new();
        for f in files {
            if let Some(b) = f.abs.file_name().and_then(|b| b.to_str()) {
                by_base.entry(b).or_default().push(f);
            }
        }
        let mut out = Profiles::default();
        for p in profiles {
            let mapped: Vec<Option<PathBuf>> = p
                .files
                .iter()
                .map(|(name, pkg)| map_file(name, pkg, &by_base))
                .collect();
            // Bytes for a heap profile, nanoseconds for a CPU profile.
            let ti = 1;
            let (mut lost, mut lost_value) = (0usize, 0i64);
            for (frames, v) in &p.samples {
                let mut seen_lines: Vec<(usize, u32)> = Vec::new();
                let mut seen_funcs: Vec<(usize, u32)> = Vec::new();
                let mut any = false;
                // The allocating frame: the first that is not the runtime's.
                let alloc_at = frames.iter().position(|f| !f.runtime);
                for (i, f) in frames.iter().enumerate() {
                    let Some(path) = &mapped[f.file] else {
                        continue;
                    };
                    any = true;
                    let w = out.files.entry(path.clone()).or_default();
                    match p.kind {
                        Kind::Heap => {
                            if Some(i) == alloc_at {
                                let a = w.alloc.entry(f.line).or_default();
                                a[0] += v[0];
                                a[1] += v[1];
                            }
                        }
                        Kind::Cpu => {
                            if i == 0 {
                                *w.flat.entry(f.line).or_default() += v[ti];
                            }
                            if !seen_lines.contains(&(f.file, f.line)) {
                                seen_lines.push((f.file, f.line));
                                *w.cum.entry(f.line).or_default() += v[ti];
                            }
                            if !seen_funcs.contains(&(f.file, f.func_start)) {
                                seen_funcs.push((f.file, f.func_start));
                                *w.func_cum.entry(f.func_start).or_default() += v[ti];
                            }
                        }
                    }
                }
                if !any {
                    lost += 1;
                    lost_value += v[ti];
                }
            }
            match p.kind {
                Kind::Heap => {
                    out.heap_objects += p.total[0];
                    out.heap_total += p.total[1];
                }
                Kind::Cpu => out.cpu_total += p.total[1],
            }
            let pct = if p.total[ti] > 0 {
                100.0 * lost_value as f64 / p.total[ti] as f64
            } else {
                0.0
            };
            out.unmapped
                .push((p.source.clone(), lost, p.samples.len(), pct));
            out.read.push((p.kind, p.source));
        }
        out
    }

    /// The weight of a site at `line` of `path`, in the function starting at `func_start`;
    /// `None` when no profile saw it.
    pub fn weight(&self, path: &Path, line: u32, func_start: Option<u32>) -> Option<Weight> {
        let w = self.files.get(path)?;
        let mut out = Weight::default();
        let mut seen = false;
        if let Some(a) = w.alloc.get(&line) {
            seen = true;
            out.alloc_objects = a[0];
            out.alloc_bytes = a[1];
            out.heap_share = self.heap_share(a);
        }
        out.cpu_flat = w.flat.get(&line).copied().unwrap_or(0);
        out.cpu_cum = w.cum.get(&line).copied().unwrap_or(0);
        out.cpu_func_cum = func_start
            .and_then(|s| w.func_cum.get(&s))
            .copied()
            .unwrap_or(0);
        // The line's own time decides, not its function's: a site in a branch a hot
        // function rarely takes (xz's `(*Reader).Read`, 13% of the CPU, allocates its
        // 1-byte buffer once per stream) is as cold as its line.
        if out.cpu_cum > 0 {
            seen = true;
            out.cpu_share = percent(out.cpu_cum, self.cpu_total);
        }
        out.share = out.heap_share.max(out.cpu_share);
        seen.then_some(out)
    }

    /// The analysed files some sample maps to.
    pub fn sampled_files(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.keys()
    }

    /// Heap allocations sampled at `line` of `path`: (objects, bytes, share of alloc_space).
    pub fn allocs_at(&self, path: &Path, line: u32) -> Option<(i64, i64, f64)> {
        let a = self.files.get(path)?.alloc.get(&line)?;
        (a[0] > 0 || a[1] > 0).then(|| (a[0], a[1], self.heap_share(a)))
    }

    /// A line's share of the heap profiles: the larger of its share of the objects
    /// allocated (each costs a malloc, about what a pooled small buffer saves) and of the
    /// bytes (what the collector then scans and frees).
    fn heap_share(&self, a: &[i64; 2]) -> f64 {
        percent(a[0], self.heap_objects).max(percent(a[1], self.heap_total))
    }
}

fn percent(part: i64, total: i64) -> f64 {
    if total > 0 {
        100.0 * part as f64 / total as f64
    } else {
        0.0
    }
}

/// The analysed file a profile's file name stands for, if any. A function of a package
/// other than `main` names its package: the file of that name in the package of that
/// import path. A `main` package's functions do not: its file must be the one whose path
/// under its module's root ends the profile's file name (`cmd/tool/main.go` in
/// `/build/co/cmd/tool/main.go` or `example.com/m/cmd/tool/main.go`); outside a module,
/// the one sharing the most trailing elements with it, at least its directory and name.
fn map_file(name: &str, pkg: &str, by_base: &HashMap<&str, Vec<&Analysed>>) -> Option<PathBuf> {
    let parts: Vec<&str> = name.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let base = parts.last()?;
    let cands = by_base.get(base)?;
    // A test binary's external test package is `path_test`.
    let pkg = pkg.strip_suffix("_test").unwrap_or(pkg);
    if pkg != "main" {
        return cands
            .iter()
            .find(|a| a.import_path == pkg)
            .map(|a| a.path.clone());
    }
    let ends_with = |tail: &[String]| {
        tail.len() <= parts.len()
            && parts[parts.len() - tail.len()..]
                .iter()
                .zip(tail)
                .all(|(x, y)| *x == y.as_str())
    };
    let common = |a: &Analysed| {
        let mine: Vec<String> = a
            .abs
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        mine.iter()
            .rev()
            .zip(parts.iter().rev())
            .take_while(|(x, y)| x == *y)
            .count()
    };
    cands
        .iter()
        .filter_map(|a| match &a.in_module {
            Some(rel) => {
                let tail: Vec<String> = rel
                    .split('/')
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect();
                ends_with(&tail).then_some((tail.len(), *a))
            }
            None => Some(common(a)).filter(|n| *n >= 2).map(|n| (n, *a)),
        })
        .max_by_key(|(n, _)| *n)
        .map(|(_, a)| a.path.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A profile with one sample: `runtime.mallocgc` under `pkg.inner` (line 5) inlined
    /// into `pkg.Outer` (line 20), as Go writes an inlined call: one location, its lines
    /// innermost first.
    fn encoded(kind: Kind) -> Vec<u8> {
        use prost::Message;
        let strings: Vec<String> = [
            "",
            "alloc_objects",
            "alloc_space",
            "samples",
            "cpu",
            "runtime.mallocgc",
            "/root/go/src/runtime/malloc.go",
            "example.com/m/pkg.inner",
            "example.com/m/pkg.Outer",
            "/build/pkg/a.go",
        ]
        .map(String::from)
        .to_vec();
        let types = match kind {
            Kind::Heap => [1, 2],
            Kind::Cpu => [3, 4],
        };
        let f = |id, name, filename, start_line| pb::Function {
            id,
            name,
            filename,
            start_line,
        };
        let line = |function_id, line| pb::Line { function_id, line };
        pb::Profile {
            sample_type: types
                .iter()
                .map(|&t| pb::ValueType { r#type: t, unit: 0 })
                .collect(),
            sample: vec![pb::Sample {
                location_id: vec![1, 2],
                value: vec![3, 300],
            }],
            location: vec![
                pb::Location {
                    id: 1,
                    line: vec![line(1, 900)],
                },
                pb::Location {
                    id: 2,
                    line: vec![line(2, 5), line(3, 20)],
                },
            ],
            function: vec![f(1, 5, 6, 800), f(2, 7, 9, 4), f(3, 8, 9, 18)],
            string_table: strings,
        }
        .encode_to_vec()
    }

    #[test]
    fn inlined_frames_have_their_own_lines() {
        let files = [analysed("/co/pkg/a.go", "example.com/m/pkg")];
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &encoded(Kind::Heap)).unwrap();
        let heap = Profile::decode(&gz.finish().unwrap(), "mem").unwrap();
        assert_eq!(heap.kind, Kind::Heap);
        let cpu = Profile::decode(&encoded(Kind::Cpu), "cpu").unwrap();
        let p = Profiles::index(vec![heap, cpu], &files);
        let path = Path::new("/co/pkg/a.go");
        // The allocation is the inlined callee's line, past the runtime's frame.
        assert_eq!(p.allocs_at(path, 5), Some((3, 300, 100.0)));
        assert_eq!(p.allocs_at(path, 20), None);
        // CPU: the caller's line and function have the sample on their stack.
        let w = p.weight(path, 20, Some(18)).unwrap();
        assert_eq!((w.cpu_cum, w.cpu_func_cum, w.cpu_flat), (300, 300, 0));
        assert_eq!(w.share, 100.0);
        // Another line of that function: its function's time is told, the line is cold.
        assert_eq!(p.weight(path, 21, Some(18)), None);
        assert_eq!(p.weight(path, 30, Some(28)), None);
        assert_eq!(p.unmapped[0].1, 0);
        // No frame of an analysed file: counted as unmapped.
        let other = [analysed("/co/other/b.go", "example.com/m/other")];
        let p = Profiles::index(
            vec![Profile::decode(&encoded(Kind::Cpu), "cpu").unwrap()],
            &other,
        );
        assert_eq!(p.unmapped[0].1, 1);
    }

    #[test]
    fn other_profiles_are_named() {
        assert!(matches!(
            Profile::decode(b"\x1f\x8bnot gzip", "x"),
            Err(ProfileError::Decode(..))
        ));
        let block = {
            use prost::Message;
            pb::Profile {
                sample_type: vec![pb::ValueType { r#type: 1, unit: 0 }],
                string_table: vec![String::new(), "contentions".into()],
                ..Default::default()
            }
            .encode_to_vec()
        };
        let e = Profile::decode(&block, "block.out")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a contentions profile"), "{e}");
    }

    #[test]
    fn package_paths() {
        assert_eq!(package_of("example.com/m/pkg.(*T).M"), "example.com/m/pkg");
        assert_eq!(package_of("main.main.func1"), "main");
        assert_eq!(package_of("example.com/m.v2/x.F"), "example.com/m.v2/x");
        assert_eq!(package_of("runtime.mallocgc"), "runtime");
    }

    fn analysed(abs: &str, ip: &str) -> Analysed {
        Analysed {
            path: PathBuf::from(abs),
            abs: PathBuf::from(abs),
            import_path: ip.to_string(),
            in_module: abs.strip_prefix("/home/me/co/").map(str::to_string),
        }
    }

    #[test]
    fn file_names_map_by_package_then_by_suffix() {
        let files = [
            analysed("/home/me/co/pkg/a.go", "example.com/m/pkg"),
            analysed("/home/me/co/other/a.go", "example.com/m/other"),
            analysed("/home/me/co/cmd/x/main.go", "example.com/m/cmd/x"),
            analysed("/home/me/co/cmd/y/main.go", "example.com/m/cmd/y"),
        ];
        let mut by_base: HashMap<&str, Vec<&Analysed>> = HashMap::new();
        for f in &files {
            by_base
                .entry(f.abs.file_name().unwrap().to_str().unwrap())
                .or_default()
                .push(f);
        }
        let m = |name, pkg| map_file(name, pkg, &by_base).map(|p| p.display().to_string());
        // Built elsewhere: the package decides.
        assert_eq!(
            m("/build/src/pkg/a.go", "example.com/m/pkg").as_deref(),
            Some("/home/me/co/pkg/a.go")
        );
        // -trimpath names.
        assert_eq!(
            m("example.com/m/other/a.go", "example.com/m/other").as_deref(),
            Some("/home/me/co/other/a.go")
        );
        // A main package: by its path under the module's root.
        assert_eq!(
            m("/ci/work/cmd/y/main.go", "main").as_deref(),
            Some("/home/me/co/cmd/y/main.go")
        );
        assert_eq!(
            m("example.com/m/cmd/x/main.go", "main").as_deref(),
            Some("/home/me/co/cmd/x/main.go")
        );
        // Another program's main.go: not mapped, even with a directory in common.
        assert_eq!(m("/elsewhere/main.go", "main"), None);
        assert_eq!(m("/ci/work/other/x/main.go", "main"), None);
        // Another package's file of the same name.
        assert_eq!(m("/x/vendor/lib/a.go", "lib"), None);
        // A library's samples never go to a main package's file of the same path.
        assert_eq!(m("/build/cmd/x/main.go", "example.com/m/lib"), None);
    }
}
