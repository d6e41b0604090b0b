//! The `//gomapfix:ignore [rules]` and `//gomapfix:dims ROWS COLS` directives.
//!
//! A directive covers the line it stands on and the line below it, so it can trail the site
//! or stand alone above it.

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
    pub(crate) fn scan(text: &str) -> Directives {
        let mut by_line = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(pos) = line.find("//gomapfix:") {
                // Only a real comment: the marker must not sit inside a string on this line.
                let before = &line[..pos];
                if before.matches('"').count() % 2 == 1 || before.matches('`').count() % 2 == 1 {
                    continue;
                }
                by_line.insert(i + 1, parse(&line[pos + "//gomapfix:".len()..]));
            }
        }
        Directives { by_line }
    }

    fn covering(&self, line: usize) -> impl Iterator<Item = &Directive> {
        let above = line.saturating_sub(1);
        self.by_line.range(above.max(1)..=line).map(|(_, d)| d)
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

    #[test]
    fn ignore_covers_its_line_and_the_next() {
        let d = Directives::scan(
            "a\n//gomapfix:ignore nested-map,pool-scratch\nb\nc // gomapfix:ignore\nd //gomapfix:ignore\n",
        );
        assert!(d.ignores(2, "nested-map"));
        assert!(d.ignores(3, "pool-scratch"));
        assert!(!d.ignores(3, "reflect-field"));
        assert!(!d.ignores(4, "nested-map"));
        assert!(d.ignores(5, "reflect-field"));
        assert!(!d.ignores(1, "nested-map"));
    }

    #[test]
    fn dims_and_malformed() {
        let d = Directives::scan(
            "//gomapfix:dims 4 cols // why\nvar g x\n//gomapfix:dims 4\nvar h y\n",
        );
        assert_eq!(d.dims(2), Some(("4", "cols")));
        assert_eq!(d.dims(4), None);
        assert_eq!(d.malformed(4), Some("//gomapfix:dims 4"));
    }

    #[test]
    fn marker_inside_a_string_is_not_a_directive() {
        let d = Directives::scan("var s = \"//gomapfix:ignore\"\nx\n");
        assert!(!d.ignores(2, "nested-map"));
    }
}
