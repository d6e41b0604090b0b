//! gofmt's column alignment (go/printer through text/tabwriter with padding 1, spaces, and
//! empty soft columns discarded), for re-rendering the lines of a block whose cells changed.

/// One cell: its text, and whether a hard tab ended it (soft-tab columns that are empty on
/// every line of their block take no space).
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) text: String,
    pub(crate) hard: bool,
}

impl Cell {
    pub(crate) fn soft(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            hard: false,
        }
    }
    pub(crate) fn hard(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            hard: true,
        }
    }
}

/// A line of a block: aligned cells, then the trailing text that no column holds. A line
/// with no cells and no text (a blank or comment-only line) ends every column block.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) cells: Vec<Cell>,
    pub(crate) trailing: String,
}

/// The lines with their cells padded as gofmt pads them (indentation not included).
pub(crate) fn render(lines: &[Line]) -> Vec<String> {
    let mut widths: Vec<Vec<usize>> = lines.iter().map(|l| vec![0; l.cells.len()]).collect();
    format(lines, 0, 0, lines.len(), &mut widths);
    lines
        .iter()
        .zip(&widths)
        .map(|(l, w)| {
            let mut s = String::new();
            for (c, &width) in l.cells.iter().zip(w) {
                if width == 0 {
                    continue;
                }
                s.push_str(&c.text);
                let pad = width.saturating_sub(c.text.chars().count());
                s.extend(std::iter::repeat_n(' ', pad));
            }
            s.push_str(&l.trailing);
            s
        })
        .collect()
}

/// text/tabwriter's `format`: a column block is a run of lines that have a cell in the
/// column; its width is the widest cell plus the padding.
fn format(lines: &[Line], col: usize, lo: usize, hi: usize, widths: &mut [Vec<usize>]) {
    let mut this = lo;
    while this < hi {
        if lines[this].cells.len() <= col {
            this += 1;
            continue;
        }
        let start = this;
        let mut width = 0;
        let mut discardable = true;
        while this < hi && lines[this].cells.len() > col {
            let c = &lines[this].cells[col];
            let w = c.text.chars().count();
            width = width.max(w + 1);
            if w > 0 || c.hard {
                discardable = false;
            }
            this += 1;
        }
        if discardable {
            width = 0;
        }
        for w in &mut widths[start..this] {
            w[col] = width;
        }
        format(lines, col + 1, start, this, widths);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, ty: &str, comment: Option<&str>) -> Line {
        match comment {
            Some(c) => Line {
                cells: vec![Cell::soft(name), Cell::soft(ty)],
                trailing: c.to_string(),
            },
            None => Line {
                cells: vec![Cell::soft(name)],
                trailing: ty.to_string(),
            },
        }
    }

    #[test]
    fn struct_fields_align_like_gofmt() {
        let lines = vec![
            field("a", "int", Some("// x")),
            field("bbbb", "string", None),
            field("c", "int", Some("// y")),
            field("dd", "[]int", Some("// z")),
        ];
        assert_eq!(
            render(&lines),
            vec![
                "a    int // x",
                "bbbb string",
                "c    int   // y",
                "dd   []int // z"
            ]
        );
    }

    #[test]
    fn blank_line_breaks_the_block() {
        let lines = vec![
            field("a", "int", None),
            Line {
                cells: vec![],
                trailing: String::new(),
            },
            field("bbbb", "int", None),
        ];
        assert_eq!(render(&lines), vec!["a int", "", "bbbb int"]);
    }
}
