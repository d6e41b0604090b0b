//! nested-map rewrite: the field retyped, its creations and the guards deleted or
//! rewritten, the new constants and the checked index declared.

use super::*;

impl<'a, 't> Analysis<'a, 't> {
    pub(super) fn delete_statement(&self, file: usize, s: Node<'t>) -> Edit {
        let src = self.src(file);
        if !has_comment(s) {
            if let Some(e) = delete_lines(file, src, s.start_byte(), s.end_byte()) {
                return e;
            }
            // A trailing comment shares the line: keep it where the statement stood.
            let rest = &src[s.end_byte()..];
            let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            return Edit::replace(file, s.start_byte(), s.end_byte() + ws, "");
        }
        // Comments inside the deleted statement are kept, each on its own line.
        let indent = indent_at(src, s.start_byte());
        let kept: Vec<String> = descendants(s)
            .into_iter()
            .filter(|d| d.kind() == "comment")
            .map(|c| src[c.byte_range()].to_string())
            .collect();
        Edit::replace(
            file,
            s.start_byte(),
            s.end_byte(),
            kept.join(&format!("\n{indent}")),
        )
    }

    /// Adds the new COLS constant and the checked index function.
    pub(super) fn declare_new_names(
        &self,
        consts: &[(String, i128)],
        checked: Option<&str>,
        rows: &Bound,
        cols: &Bound,
        key: &str,
        edits: &mut Vec<Edit>,
    ) {
        let t = self.t;
        let src = self.src(t.file);
        let top = top_level(t.decl);
        if let Some((name, value)) = consts.first() {
            match t.kind {
                Kind::Local(_) => {
                    let at = crate::syntax::ast::start_above_leading_comments(src, t.decl);
                    let indent = indent_at(src, t.decl.start_byte());
                    edits.push(Edit::insert(
                        t.file,
                        at,
                        format!("{indent}const {name} = {value}\n"),
                    ));
                }
                _ => edits.push(Edit::insert(
                    t.file,
                    line_end(src, top.end_byte()),
                    format!("\nconst {name} = {value}\n"),
                )),
            }
        }
        if let Some(f) = checked {
            // The function is top-level: a local constant is not visible there, so it uses
            // the value, as its range check does.
            let (ci, cj) = if key == "int" {
                ("i".to_string(), "j".to_string())
            } else {
                ("int(i)".to_string(), "int(j)".to_string())
            };
            edits.push(Edit::insert(
                t.file,
                line_end(src, top.end_byte()),
                format!(
                    "\n// {f} is the flattened index of {name}[i][j]. It panics when (i, j) lies outside the\n// {rows}x{cols} asserted by the gomapfix dims directive, where the map would have\n// answered a zero value: a wrong assertion fails loudly instead of reading another row.\nfunc {f}(i, j {key}) int {{\n\tif uint64(i) >= {rows} || uint64(j) >= {cols} {{\n\t\tpanic(\"gomapfix: {name} index out of the dimensions asserted by its dims directive\")\n\t}}\n\treturn {ci}*{cols} + {cj}\n}}\n",
                    name = t.name,
                    rows = rows.value,
                    cols = cols.value,
                ),
            ));
        }
    }
}

/// `i*COLS+j`, in `int`, each index parenthesised when it is not an operand.
pub(super) fn index_expr(src: &str, i: Node<'_>, j: Node<'_>, cols: &str, convert: bool) -> String {
    let part = |n: Node<'_>| {
        let t = &src[n.byte_range()];
        let literal = n.kind() == "int_literal";
        if convert && !literal {
            format!("int({t})")
        } else if matches!(
            n.kind(),
            "identifier"
                | "int_literal"
                | "selector_expression"
                | "call_expression"
                | "index_expression"
                | "parenthesized_expression"
        ) {
            t.to_string()
        } else {
            format!("({t})")
        }
    };
    format!("{}*{}+{}", part(i), cols, part(j))
}
