//! nested-map rewrite: the field retyped, its creations and the guards deleted or
//! rewritten, the new constants and the checked index declared.

use super::*;

impl<'a, 't> Analysis<'a, 't> {
    /// Composite literals of the owner type: each must create the field; any other way to
    /// make an owner value (var, new, a named result, an element type) would leave it nil.
    pub(super) fn field_creations(
        &self,
        creations: &mut Vec<(usize, Node<'t>)>,
    ) -> Result<(), Reason> {
        let owner = self.t.owner.as_deref().unwrap_or_default();
        for (fi, f) in self.pkg.files.iter().enumerate() {
            for n in descendants(f.tree.root_node()) {
                if n.kind() != "type_identifier" || f.text[n.byte_range()] != *owner {
                    continue;
                }
                if self.ctx.scopes[fi].local(n.start_byte()).is_some() {
                    continue;
                }
                let Some(p) = n.parent() else { continue };
                let line = LineRef {
                    file: fi,
                    at: n.start_byte(),
                };
                let zero = || Reason::ZeroValue(short(&f.text, context_of(n)), line);
                match p.kind() {
                    "type_spec" if p.child_by_field_name("name") == Some(n) => {}
                    "composite_literal" => {
                        let body = p.child_by_field_name("body").ok_or_else(zero)?;
                        let mut found = false;
                        for el in named_children(body) {
                            if el.kind() == "comment" {
                                continue;
                            }
                            if el.kind() != "keyed_element" {
                                return Err(zero());
                            }
                            let key = el
                                .child_by_field_name("key")
                                .or_else(|| named_children(el).first().copied());
                            let val = el
                                .child_by_field_name("value")
                                .or_else(|| named_children(el).get(1).copied());
                            let (Some(key), Some(val)) = (key, val) else {
                                return Err(zero());
                            };
                            if f.text[key.byte_range()] == self.t.name {
                                let expr = named_children(val).first().copied().unwrap_or(val);
                                match creation(self.pkg, self.ctx, fi, expr) {
                                    Some(Creation::Empty(ty))
                                        if ty.key == self.t.ty.key && ty.val == self.t.ty.val =>
                                    {
                                        creations.push((fi, expr));
                                        found = true;
                                    }
                                    _ => return Err(self.use_reason(fi, el)),
                                }
                            }
                        }
                        if !found {
                            return Err(zero());
                        }
                    }
                    "pointer_type" => {
                        let outer = ancestors(p)
                            .find(|a| !a.kind().ends_with("_type") && a.kind() != "type_elem");
                        if outer.is_some_and(|o| {
                            o.kind() == "composite_literal" || o.kind() == "argument_list"
                        }) {
                            return Err(zero());
                        }
                    }
                    "parameter_declaration" => {
                        let list = p.parent();
                        let is_named_result = list
                            .and_then(|l| l.parent())
                            .is_some_and(|f| f.child_by_field_name("result") == list)
                            && p.child_by_field_name("name").is_some();
                        if is_named_result {
                            return Err(zero());
                        }
                    }
                    "method_declaration"
                    | "function_declaration"
                    | "func_literal"
                    | "type_assertion_expression"
                    | "type_case" => {}
                    _ => return Err(zero()),
                }
            }
        }
        Ok(())
    }

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

    /// Retypes a struct field and re-renders its struct's alignment the way gofmt would.
    pub(super) fn retype_field(&self, ty: Node<'t>, new_type: &str) -> Result<Edit, Reason> {
        let file = self.t.file;
        let src = self.src(file);
        let list = self.t.decl.parent().ok_or(Reason::Layout)?;
        let fields: Vec<Node<'t>> = named_children(list)
            .into_iter()
            .filter(|f| f.kind() == "field_declaration")
            .collect();
        if fields.len() == 1 {
            return Ok(Edit::replace(
                file,
                ty.start_byte(),
                ty.end_byte(),
                new_type,
            ));
        }
        let first = line_end(src, list.start_byte());
        let last = line_start(src, list.end_byte().saturating_sub(1));
        let region = &src[first..last];
        let mut lines: Vec<Line> = Vec::new();
        let mut indents: Vec<&str> = Vec::new();
        let mut pos = first;
        for raw in region.split_inclusive('\n') {
            let line_end_pos = pos + raw.len();
            let body = raw.trim_end_matches('\n');
            let indent = &body[..body.len() - body.trim_start().len()];
            let here: Vec<Node<'t>> = crate::ast::named_children_with_comments(list)
                .into_iter()
                .filter(|n| n.start_byte() >= pos && n.start_byte() < line_end_pos)
                .collect();
            indents.push(indent);
            match here.as_slice() {
                [] => {
                    if !body.trim().is_empty() {
                        return Err(Reason::Layout);
                    }
                    lines.push(Line {
                        cells: vec![],
                        trailing: String::new(),
                    });
                }
                [c] if c.kind() == "comment" => lines.push(Line {
                    cells: vec![],
                    trailing: body.trim().to_string(),
                }),
                [f] | [f, _] if f.kind() == "field_declaration" => {
                    let comment = here.get(1).copied();
                    if f.end_byte() > line_end_pos
                        || comment.is_some_and(|c| {
                            c.kind() != "comment" || !src[c.byte_range()].starts_with("//")
                        })
                    {
                        return Err(Reason::Layout);
                    }
                    if descendants(*f).iter().any(|d| d.kind() == "comment") {
                        return Err(Reason::Layout);
                    }
                    let ftype = f.child_by_field_name("type").ok_or(Reason::Layout)?;
                    let type_text = if ftype == ty {
                        new_type.to_string()
                    } else {
                        src[ftype.byte_range()].to_string()
                    };
                    let names: Vec<&str> = field_children(*f, "name")
                        .iter()
                        .map(|n| &src[n.byte_range()])
                        .collect();
                    let tag = f
                        .child_by_field_name("tag")
                        .map(|t| src[t.byte_range()].to_string());
                    let comment = comment.map(|c| src[c.byte_range()].to_string());
                    lines.push(field_line(&names.join(", "), &type_text, tag, comment));
                }
                _ => return Err(Reason::Layout),
            }
            pos = line_end_pos;
        }
        let rendered = align::render(&lines);
        let mut out = String::new();
        for (r, ind) in rendered.iter().zip(&indents) {
            if r.is_empty() {
                out.push('\n');
            } else {
                out.push_str(ind);
                out.push_str(r);
                out.push('\n');
            }
        }
        Ok(Edit::replace(file, first, last, out))
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
                    let at = crate::ast::start_above_leading_comments(src, t.decl);
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
