//! Throughput over Go's own standard library (`$(go env GOROOT)/src`): `gomapfix --dry-run`
//! against a parse-only pass (same walk and reads, a tree-sitter parse of every file) and
//! against `gofmt -l`, run side by side in rounds so machine noise hits all of them alike.
//! Reports median wall and CPU time, files/s, MB/s and peak RSS of each, and the ratios.
//!
//! `cargo bench --bench stdlib` (ROUNDS=N to change the number of rounds, default 5).
//! With `SHAPES=1`, also how the cost grows: four copies of the tree side by side (hard
//! links in a temporary directory) against one, and one generated 20 MB file of 186,544
//! small functions and one site, each against `gofmt -l` on the same input.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

struct Sample {
    wall: f64,
    cpu: f64,
    rss_mb: f64,
}

/// Runs a command to completion; its wall time, CPU time and peak RSS from wait4.
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which is what reports its rusage"
)]
fn measure(cmd: &mut Command) -> Sample {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let wall = start.elapsed().as_secs_f64();
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Sample {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        rss_mb: usage.ru_maxrss as f64 / 1024.0,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// The files gomapfix walks: `.go` files, without testdata, vendor, dot and underscore
/// directories (the go command's rules), so gofmt can be given exactly the same set.
fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Ok(ft) = e.file_type() else { continue };
        if name.starts_with('.') || name.starts_with('_') || ft.is_symlink() {
            continue;
        }
        if ft.is_dir() {
            if name != "testdata" && name != "vendor" {
                go_files(&e.path(), out);
            }
        } else if name.ends_with(".go") {
            out.push(e.path());
        }
    }
}

fn main() {
    let goroot = Command::new("go")
        .args(["env", "GOROOT"])
        .output()
        .expect("go env GOROOT");
    let src = PathBuf::from(String::from_utf8_lossy(&goroot.stdout).trim()).join("src");
    let bin = env!("CARGO_BIN_EXE_gomapfix");
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let mut files = Vec::new();
    go_files(&src, &mut files);
    files.sort();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    let mut all_files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            } else if e.file_name().to_string_lossy().ends_with(".go") {
                all_files.push(e.path());
            }
        }
    }
    let all_bytes: u64 = all_files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    println!(
        "corpus: {} ({} .go files, {:.1} MB; {} files, {:.1} MB once testdata is pruned as gomapfix and the go command do)",
        src.display(),
        all_files.len(),
        all_bytes as f64 / 1e6,
        files.len(),
        bytes as f64 / 1e6
    );
    println!(
        "cores: {}, rounds: {rounds}",
        std::thread::available_parallelism().map_or(1, usize::from)
    );

    type Runner = Box<dyn Fn() -> Command>;
    let src2 = src.clone();
    let src3 = src.clone();
    let src4 = src.clone();
    let list = files.clone();
    // The compiler's facts for the tree, cached: the first run (an empty gomapfix cache;
    // the go command's own build cache as it is) once, then the warm runs side by side.
    let cache = tempfile::tempdir().expect("a temporary cache directory");
    let cache_dir = cache.path().to_path_buf();
    let src5 = src.clone();
    let with_facts = move || {
        let mut c = Command::new(bin);
        c.env("GOMAPFIX_CACHE_DIR", &cache_dir)
            .arg("--dry-run")
            .arg("--quiet")
            .arg(&src5);
        c
    };
    let first = measure(&mut with_facts());
    println!(
        "gomapfix --dry-run with the compiler's facts (the default with go on PATH), first run: {:.2} s wall, {:.2} s CPU, {:.0} MB peak",
        first.wall, first.cpu, first.rss_mb
    );
    let runs: Vec<(&str, usize, u64, Runner)> = vec![
        (
            "gomapfix --dry-run --no-escapes",
            files.len(),
            bytes,
            Box::new(move || {
                let mut c = Command::new(bin);
                c.arg("--dry-run")
                    .arg("--quiet")
                    .arg("--no-escapes")
                    .arg(&src2);
                c
            }),
        ),
        (
            "gomapfix parse-only",
            files.len(),
            bytes,
            Box::new(move || {
                let mut c = Command::new(bin);
                c.arg("--parse-only").arg(&src3);
                c
            }),
        ),
        (
            "gofmt -l (tree)",
            all_files.len(),
            all_bytes,
            Box::new(move || {
                let mut c = Command::new("gofmt");
                c.arg("-l").arg(&src4);
                c
            }),
        ),
        (
            "gomapfix --dry-run, compiler facts cached",
            files.len(),
            bytes,
            Box::new(with_facts),
        ),
        (
            "gofmt -l (same files)",
            files.len(),
            bytes,
            Box::new(move || {
                let mut c = Command::new("gofmt");
                c.arg("-l").args(&list);
                c
            }),
        ),
    ];
    let mut samples: Vec<Vec<Sample>> = runs.iter().map(|_| Vec::new()).collect();
    for _ in 0..rounds {
        for (k, (_, _, _, make)) in runs.iter().enumerate() {
            samples[k].push(measure(&mut make()));
        }
    }
    println!("\n| run | median wall s | median CPU s | CPU/wall | files/s | MB/s | peak RSS MB |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut walls = Vec::new();
    for ((name, n, b, _), s) in runs.iter().zip(&samples) {
        let wall = median(s.iter().map(|x| x.wall).collect());
        let cpu = median(s.iter().map(|x| x.cpu).collect());
        let rss = s.iter().map(|x| x.rss_mb).fold(0.0, f64::max);
        walls.push(wall);
        println!(
            "| {name} | {wall:.2} | {cpu:.2} | {:.2} | {:.0} | {:.1} | {rss:.0} |",
            cpu / wall,
            *n as f64 / wall,
            *b as f64 / 1e6 / wall
        );
    }
    println!(
        "\ndry run / gofmt -l (tree): {:.2}x wall; dry run / gofmt -l (same files): {:.2}x; dry run / parse-only: {:.2}x; with cached compiler facts / without: {:.2}x",
        walls[0] / walls[2],
        walls[0] / walls[4],
        walls[0] / walls[1],
        walls[3] / walls[0]
    );
    if std::env::var_os("SHAPES").is_some() {
        shapes(bin, &src, rounds.clamp(1, 3), walls[0]);
    }
}

/// Median wall, median CPU and peak RSS of `rounds` runs of each command, alternated.
fn side_by_side(rounds: usize, cmds: &[&dyn Fn() -> Command]) -> Vec<(f64, f64, f64)> {
    let mut samples: Vec<Vec<Sample>> = cmds.iter().map(|_| Vec::new()).collect();
    for _ in 0..rounds {
        for (k, make) in cmds.iter().enumerate() {
            samples[k].push(measure(&mut make()));
        }
    }
    samples
        .iter()
        .map(|s| {
            (
                median(s.iter().map(|x| x.wall).collect()),
                median(s.iter().map(|x| x.cpu).collect()),
                s.iter().map(|x| x.rss_mb).fold(0.0, f64::max),
            )
        })
        .collect()
}

fn shapes(bin: &str, src: &Path, rounds: usize, one_wall: f64) {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Four copies of the tree, as hard links (no disk written for the files).
    let four = tmp.path().join("four");
    std::fs::create_dir_all(&four).unwrap();
    for k in 1..=4 {
        let ok = Command::new("cp")
            .arg("-al")
            .arg(src)
            .arg(four.join(format!("src{k}")))
            .status()
            .expect("cp");
        assert!(ok.success(), "cp -al failed");
    }
    let dry = |dir: PathBuf| {
        move || {
            let mut c = Command::new(bin);
            c.arg("--dry-run")
                .arg("--quiet")
                .arg("--no-escapes")
                .arg(&dir);
            c
        }
    };
    let gofmt = |dir: PathBuf| {
        move || {
            let mut c = Command::new("gofmt");
            c.arg("-l").arg(&dir);
            c
        }
    };
    let (one, many) = (dry(src.to_path_buf()), dry(four.clone()));
    let r = side_by_side(rounds, &[&one, &many]);
    println!(
        "\nfour copies side by side: {:.2} s and {:.0} MB against one copy's {:.2} s and {:.0} MB: {:.2}x the time, {:.2}x the peak memory (one copy in the table above: {one_wall:.2} s)",
        r[1].0,
        r[1].2,
        r[0].0,
        r[0].2,
        r[1].0 / r[0].0,
        r[1].2 / r[0].2
    );
    // One 20 MB file: one site, then small functions.
    let big = tmp.path().join("big");
    std::fs::create_dir_all(big.join("p")).unwrap();
    std::fs::write(big.join("go.mod"), "module big\n\ngo 1.24\n").unwrap();
    let mut text = String::from(
        "package p\n\nimport \"io\"\n\nfunc Site(r io.Reader) int {\n\tbuf := make([]byte, 4096)\n\tn, _ := r.Read(buf)\n\treturn n\n}\n",
    );
    for i in 0..186_544 {
        text.push_str(&format!(
            "\n// F{i} adds.\nfunc F{i}(a, b int) int {{\n\tx := a + b*{i}\n\tif x > 10 {{\n\t\treturn x - 1\n\t}}\n\treturn x\n}}\n"
        ));
    }
    std::fs::write(big.join("p/big.go"), &text).unwrap();
    let (g, f) = (dry(big.clone()), gofmt(big.clone()));
    let r = side_by_side(rounds.min(2), &[&g, &f]);
    println!(
        "one {:.1} MB file with one site: gomapfix {:.1} s, {:.0} MB; gofmt -l {:.1} s, {:.0} MB ({:.2}x the time, {:.2}x the memory)",
        text.len() as f64 / 1e6,
        r[0].0,
        r[0].2,
        r[1].0,
        r[1].2,
        r[0].0 / r[1].0,
        r[0].2 / r[1].2
    );
}
