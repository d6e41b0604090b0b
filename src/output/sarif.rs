//! `--format sarif`: SARIF 2.1.0, as golangci-lint and CodeQL write it for GitHub code
//! scanning. One result per finding (level `warning`) with its rule and location; the
//! first result of each package carries the package's changes as one fix (they are applied
//! together or not at all); with `-v`, skipped sites as `note` results with their reason;
//! problems (files that could not be processed) as tool notifications. Paths are relative
//! to the repository root (`%SRCROOT%`), as in the diff headers.

use crate::output::{FileChange, Outcome};
use serde_json::{Value, json};
use similar::{DiffTag, TextDiff};
use std::io::Write;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn region(line: usize, column: usize) -> Value {
    if column > 0 {
        json!({ "startLine": line.max(1), "startColumn": column })
    } else {
        json!({ "startLine": line.max(1) })
    }
}

fn location(uri: &str, line: usize, column: usize) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
            "region": region(line, column),
        }
    })
}

/// A file's change as SARIF replacements, one per run of changed lines: the old lines
/// `a..b` (1-based; an empty region before line `a` for an insertion) and the new text.
fn replacements(f: &FileChange) -> Vec<Value> {
    let old = f
        .original
        .as_deref()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let new = String::from_utf8_lossy(&f.new);
    let diff = TextDiff::from_lines(old.as_ref(), new.as_ref());
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = Vec::new();
    for op in diff.ops() {
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let inserted: String = new_lines[new_range].concat();
        let start = old_range.start + 1;
        let deleted = if old_range.is_empty() {
            json!({ "startLine": start, "startColumn": 1, "endLine": start, "endColumn": 1 })
        } else {
            // Whole lines: from the start of the first to the start of the line after the
            // last, expressed as the end of the last line's text plus its newline.
            json!({ "startLine": start, "startColumn": 1, "endLine": old_range.end + 1, "endColumn": 1 })
        };
        out.push(json!({
            "deletedRegion": deleted,
            "insertedContent": { "text": inserted },
        }));
    }
    out
}

fn fix(set: &[FileChange], rewrites: usize) -> Value {
    let changes: Vec<Value> = set
        .iter()
        .map(|f| {
            json!({
                "artifactLocation": {
                    "uri": crate::output::diff::header_path(&f.path),
                    "uriBaseId": "%SRCROOT%",
                },
                "replacements": replacements(f),
            })
        })
        .collect();
    json!({
        "description": {
            "text": format!(
                "gomapfix's changes to this package ({rewrites} rewrite{}, with the files they need), applied together",
                if rewrites == 1 { "" } else { "s" }
            )
        },
        "artifactChanges": changes,
    })
}

/// The SARIF document of a run.
pub(crate) fn document(out: &Outcome, verbose: bool) -> Value {
    let ids: Vec<&str> = crate::transforms::REGISTRY
        .iter()
        .map(|t| t.meta().id)
        .collect();
    let rules: Vec<Value> = crate::transforms::REGISTRY
        .iter()
        .map(|t| {
            let m = t.meta();
            json!({
                "id": m.id,
                "name": m.id,
                "shortDescription": { "text": m.summary },
                "help": { "text": m.docs, "markdown": m.docs },
                "defaultConfiguration": { "level": "warning" },
            })
        })
        .collect();
    // Where each displayed path sits under the root, and the change set it belongs to.
    let mut uri_of = std::collections::BTreeMap::new();
    let mut set_of = std::collections::BTreeMap::new();
    for (i, set) in out.changes.iter().enumerate() {
        for f in set {
            uri_of.insert(
                f.display.as_str(),
                crate::output::diff::header_path(&f.path),
            );
            set_of.insert(f.display.as_str(), i);
        }
    }
    let uri = |display: &str| {
        uri_of
            .get(display)
            .cloned()
            .unwrap_or_else(|| crate::output::diff::header_path(std::path::Path::new(display)))
    };
    // One result: a finding (`warning`, `fail`) or a skipped site (`note`).
    let result = |rule: &str, note: bool, text: String, at: (&str, usize, usize), props: Value| {
        json!({
            "ruleId": rule,
            "ruleIndex": ids.iter().position(|i| *i == rule).unwrap_or(0),
            "level": if note { "note" } else { "warning" },
            "kind": if note { "informational" } else { "fail" },
            "message": { "text": text },
            "locations": [location(&uri(at.0), at.1, at.2)],
            "properties": props,
        })
    };
    let mut fixed = std::collections::BTreeSet::new();
    let mut results = Vec::new();
    for f in &out.findings {
        let mut r = result(
            &f.rule,
            false,
            format!("{} ({})", f.message, f.evidence),
            (&f.path, f.line, f.column),
            with_profile(json!({ "evidence": f.evidence }), &f.profile),
        );
        if let Some(&i) = set_of.get(f.path.as_str())
            && fixed.insert(i)
        {
            let rewrites = out
                .findings
                .iter()
                .filter(|g| set_of.get(g.path.as_str()) == Some(&i))
                .count();
            r["fixes"] = json!([fix(&out.changes[i], rewrites)]);
        }
        results.push(r);
    }
    if verbose {
        for s in &out.skipped {
            results.push(result(
                &s.rule,
                true,
                format!("skipped: {} [{}]", s.message, s.reason),
                (&s.path, s.line, s.column),
                with_profile(json!({ "reason": s.reason }), &s.profile),
            ));
        }
    }
    let notifications: Vec<Value> = out
        .problems
        .iter()
        .map(|p| {
            json!({
                "level": if p.fatal { "error" } else { "warning" },
                "message": { "text": p.message },
                "descriptor": { "id": p.tag },
                "locations": [location(&uri(&p.path), p.line, p.column)],
            })
        })
        .collect();
    let base = crate::output::diff::base()
        .map(|b| format!("file://{}/", b.display().to_string().trim_end_matches('/')))
        .unwrap_or_else(|| "file:///".to_string());
    json!({
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "gomapfix",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": base } },
            "invocations": [{
                "executionSuccessful": !out.has_fatal(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    })
}

/// One SARIF document on stdout.
pub(crate) fn print(out: &Outcome, verbose: bool, stdout: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *stdout, &document(out, verbose))?;
    writeln!(stdout)
}

/// A result's properties with the site's profile weight (`--profile`), when it has one.
fn with_profile(mut props: Value, w: &Option<crate::semantic::profile::Weight>) -> Value {
    if let Some(w) = w {
        props["profile"] = json!(w);
    }
    props
}
