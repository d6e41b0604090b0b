//! The `//gomapfix:ignore [rules]` and `//gomapfix:dims ROWS COLS` directives.
//!
//! A directive that trails code covers its own line only; one that stands alone on its
//! line covers the next line only. A `//gomapfix:dims` trailing one declaration must not
//! also assert the dimensions of the declaration below it. Directives are read from the
//! tree's comment nodes, so a marker inside a string (raw ones included) is never one.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Directive {
    /// Empty: every rule.
    Ignore(Vec<String>),
    /// ROWS and COLS as written: integer literals or constant names.
    Dims(String, String),
    /// A `//gomapfix:` comment that says nothing gomapfix understands.
    Malformed(String),
}

/// The directives of one file, by the 1-based line each one stands on.
#[derive(Debug, Default)]
pub(crate) struct Directives {
    by_line: BTreeMap<usize, Directive>,
}

impl Directives {
    /// The directives of a file, read from its tree, which is asked for only when the text
    /// holds one.
    pub(crate) fn scan<'t>(tree: impl FnOnce() -> &'t tree_sitter::Tree, text: &str) -> Directives {
        let mut by_line = BTreeMap::new();
        if !text.contains("//gomapfix:") {
            return Directives { by_line };
        }
        let mut cursor = tree().root_node().walk();
        let mut descend = true;
        loop {
            let n = cursor.node();
            if descend && n.kind() == "comment" {
                let body = &text[n.byte_range()];
                if let Some(rest) = body.strip_prefix("//gomapfix:") {
                    let row = n.start_position().row;
                    let line_start = n.start_byte() - n.start_position().column;
                    let alone = text[line_start..n.start_byte()].trim().is_empty();
                    // Alone: it speaks of the next line; trailing: of its own.
                    let covers = if alone { row + 2 } else { row + 1 };
                    by_line.insert(covers, parse(rest));
                }
            }
            if descend && cursor.goto_first_child() {
                continue;
            }
            if cursor.goto_next_sibling() {
                descend = true;
                continue;
            }
            if !cursor.goto_parent() {
                break;
            }
            descend = false;
        }
        Directives { by_line }
    }

    fn covering(&self, line: usize) -> impl Iterator<Item = &Directive> {
        self.by_line.get(&line).into_iter()
    }

    /// Whether `rule` is suppressed at a site on `line`.
    pub(crate) fn ignores(&self, line: usize, rule: &str) -> bool {
        self.covering(line).any(|d| match d {
            Directive::Ignore(rules) => rules.is_empty() || rules.iter().any(|r| r == rule),
            _ => false,
        })
    }

    /// The `//gomapfix:dims` asserted for a declaration on `line`.
    pub(crate) fn dims(&self, line: usize) -> Option<(&str, &str)> {
        self.covering(line).find_map(|d| match d {
            Directive::Dims(r, c) => Some((r.as_str(), c.as_str())),
            _ => None,
        })
    }

    /// The lines a `//gomapfix:dims` directive covers.
    pub(crate) fn dims_lines(&self) -> impl Iterator<Item = usize> + '_ {
        self.by_line
            .iter()
            .filter(|(_, d)| matches!(d, Directive::Dims(..)))
            .map(|(l, _)| *l)
    }

    /// A malformed directive covering `line`, to name in a skip reason.
    pub(crate) fn malformed(&self, line: usize) -> Option<&str> {
        self.covering(line).find_map(|d| match d {
            Directive::Malformed(s) => Some(s.as_str()),
            _ => None,
        })
    }
}

fn is_name_or_int(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn parse(rest: &str) -> Directive {
    // A comment may follow the directive on its line: `//gomapfix:dims 4 4 // why`.
    let rest = rest.split("//").next().unwrap_or("").trim();
    let mut words = rest.split_whitespace();
    match words.next() {
        Some("ignore") => {
            let rules = words
                .next()
                .map(|w| {
                    w.split(',')
                        .filter(|r| !r.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            Directive::Ignore(rules)
        }
        Some("dims") => {
            let (Some(r), Some(c), None) = (words.next(), words.next(), words.next()) else {
                return Directive::Malformed(format!("//gomapfix:{rest}"));
            };
            if is_name_or_int(r) && is_name_or_int(c) {
                Directive::Dims(r.to_string(), c.to_string())
            } else {
                Directive::Malformed(format!("//gomapfix:{rest}"))
            }
        }
        _ => Directive::Malformed(format!("//gomapfix:{rest}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Directives {
        let tree = crate::syntax::parse::parse(text);
        Directives::scan(|| &tree, text)
    }

    #[test]
    fn alone_covers_the_next_line_trailing_its_own() {
        let d = scan(
            "package p\n//gomapfix:ignore nested-map,pool-scratch\nvar b int\nvar c int // gomapfix:ignore\nvar d int //gomapfix:ignore\nvar e int\n",
        );
        assert!(!d.ignores(2, "nested-map"));
        assert!(d.ignores(3, "pool-scratch"));
        assert!(d.ignores(3, "nested-map"));
        assert!(!d.ignores(3, "reflect-field"));
        assert!(!d.ignores(4, "nested-map"));
        assert!(d.ignores(5, "reflect-field"));
        // Trailing: not the line below.
        assert!(!d.ignores(6, "reflect-field"));
        assert!(!d.ignores(1, "nested-map"));
    }

    #[test]
    fn dims_and_malformed() {
        let d = scan(
            "package p\n//gomapfix:dims 4 cols // why\nvar g x\n//gomapfix:dims 4\nvar h y\nvar i z //gomapfix:dims 2 2\nvar j z\n",
        );
        assert_eq!(d.dims(3), Some(("4", "cols")));
        assert_eq!(d.dims(5), None);
        assert_eq!(d.malformed(5), Some("//gomapfix:dims 4"));
        assert_eq!(d.dims(6), Some(("2", "2")));
        assert_eq!(
            d.dims(7),
            None,
            "a trailing directive is its own line's only"
        );
    }

    #[test]
    fn marker_inside_a_string_is_not_a_directive() {
        let d = scan("package p\nvar s = \"//gomapfix:ignore\"\nvar x int\n");
        assert!(!d.ignores(3, "nested-map"));
        let d = scan("package p\nvar s = `\n//gomapfix:ignore\n`\nvar x int\n");
        assert!(!d.ignores(4, "nested-map"));
        assert!(!d.ignores(5, "nested-map"));
    }
}
