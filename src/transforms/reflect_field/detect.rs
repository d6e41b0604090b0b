//! reflect-field's sites: `reflect.ValueOf(x)` chains that reach a field by a constant name
//! or index and end in a getter or setter ([`Chain`]), and `v := reflect.ValueOf(x)`
//! bindings whose uses are such chains.

use super::*;

/// The name the file imports "reflect" under (not a dot or blank import).
pub(super) fn reflect_name(root: Node<'_>, src: &str) -> Option<String> {
    let imports = named_children(root)
        .into_iter()
        .filter(|d| d.kind() == "import_declaration");
    imports.flat_map(descendants).find_map(|n| {
        if n.kind() != "import_spec" {
            return None;
        }
        let path = n.child_by_field_name("path")?;
        if src[path.byte_range()].trim_matches('"') != "reflect" {
            return None;
        }
        match n.child_by_field_name("name") {
            None => Some("reflect".to_string()),
            Some(a) if a.kind() == "package_identifier" => Some(src[a.byte_range()].to_string()),
            Some(_) => None,
        }
    })
}

/// How the chain names its field.
#[derive(Debug, Clone)]
pub(super) enum Sel<'t> {
    Name(String),
    Index(i128),
    Dynamic(Node<'t>),
}

/// `reflect.ValueOf(arg)[.Elem()].FieldByName(..)|.Field(..).Method(args)`.
pub(super) struct Chain<'t> {
    pub(super) deref: bool,
    pub(super) sel: Sel<'t>,
    pub(super) method: String,
    pub(super) args: Vec<Node<'t>>,
    /// The terminal call: the whole chain expression.
    pub(super) call: Node<'t>,
}

impl<'a, 't> Analysis<'a, 't> {
    /// `reflect.<name>(one argument)`, with `reflect` the package, not a local.
    pub(super) fn reflect_call(&self, n: Node<'t>, name: &str) -> Option<Node<'t>> {
        if n.kind() != "call_expression" {
            return None;
        }
        let f = n.child_by_field_name("function")?;
        let op = f.child_by_field_name("operand")?;
        let field = f.child_by_field_name("field")?;
        if f.kind() != "selector_expression"
            || op.kind() != "identifier"
            || self.text(op) != self.refl
            || self.text(field) != name
            || self.ctx.scopes[self.file].local(op.start_byte()).is_some()
        {
            return None;
        }
        let args = named_children(n.child_by_field_name("arguments")?);
        (args.len() == 1).then(|| args[0])
    }

    pub(super) fn value_of(&self, n: Node<'t>) -> Option<Node<'t>> {
        self.reflect_call(n, "ValueOf")
    }

    /// A method call on the Value `recv`: (method name, arguments, the call node).
    pub(super) fn method_on(&self, recv: Node<'t>) -> Option<(String, Vec<Node<'t>>, Node<'t>)> {
        let sel = recv.parent().filter(|p| {
            p.kind() == "selector_expression" && p.child_by_field_name("operand") == Some(recv)
        })?;
        let call = sel.parent().filter(|c| {
            c.kind() == "call_expression" && c.child_by_field_name("function") == Some(sel)
        })?;
        let name = self.text(sel.child_by_field_name("field")?).to_string();
        let args = named_children(call.child_by_field_name("arguments")?);
        Some((name, args, call))
    }

    /// Follows a Value upward from `start`: `Elem`, one `FieldByName`/`Field`, a terminal.
    /// `Ok(None)`: no field is selected (not a target).
    pub(super) fn chain(
        &self,
        start: Node<'t>,
        mut deref: bool,
    ) -> Result<Option<Chain<'t>>, Reason> {
        let mut cur = start;
        if let Some(outer) = cur
            .parent()
            .and_then(|a| a.parent())
            .filter(|c| self.reflect_call(*c, "Indirect") == Some(cur))
        {
            deref = true;
            cur = outer;
        }
        let mut sel: Option<Sel<'t>> = None;
        loop {
            let Some((name, args, call)) = self.method_on(cur) else {
                return match sel {
                    Some(_) => Err(Reason::Chain(short(self.src(), cur))),
                    None => Ok(None),
                };
            };
            match (name.as_str(), args.as_slice(), &sel) {
                ("Elem", [], None) if !deref => deref = true,
                ("FieldByName", [a], None) => {
                    let s = match a.kind() {
                        "interpreted_string_literal" | "raw_string_literal" => {
                            Sel::Name(self.text(*a).trim_matches(['"', '`']).to_string())
                        }
                        _ => Sel::Dynamic(*a),
                    };
                    sel = Some(s);
                }
                ("Field", [a], None) => match self.eval(*a) {
                    Some(k) => sel = Some(Sel::Index(k)),
                    None => {
                        return Err(Reason::NonConstIndex(short(self.src(), *a), self.line(*a)));
                    }
                },
                (_, _, Some(s)) => {
                    return Ok(Some(Chain {
                        deref,
                        sel: s.clone(),
                        method: name,
                        args,
                        call,
                    }));
                }
                _ => {
                    return match sel {
                        Some(_) => Err(Reason::Chain(short(self.src(), call))),
                        None => Ok(None),
                    };
                }
            }
            cur = call;
        }
    }

    /// `v := reflect.ValueOf(x)` (or with `.Elem()`, or through `reflect.Indirect`): the
    /// variable, and whether the binding dereferences.
    pub(super) fn binding(&self, value_of: Node<'t>) -> Option<(DeclId, bool)> {
        let mut top = value_of;
        let mut deref = false;
        if let Some(outer) = top
            .parent()
            .and_then(|a| a.parent())
            .filter(|c| self.reflect_call(*c, "Indirect") == Some(top))
        {
            top = outer;
            deref = true;
        }
        if let Some((name, args, call)) = self.method_on(top) {
            if name != "Elem" || !args.is_empty() || deref {
                return None;
            }
            top = call;
            deref = true;
        }
        let list = top.parent().filter(|p| p.kind() == "expression_list")?;
        let decl = list.parent().filter(|d| {
            d.kind() == "short_var_declaration" && d.child_by_field_name("right") == Some(list)
        })?;
        let left = list_items(decl.child_by_field_name("left")?);
        if left.len() != 1 || list_items(list).len() != 1 {
            return None;
        }
        Some((
            self.ctx.scopes[self.file].decl_at(left[0].start_byte())?,
            deref,
        ))
    }

    /// The operand of `reflect.ValueOf`: `&x` (a pointer to x) or an expression.
    pub(super) fn base(&self, arg: Node<'t>) -> Result<(Node<'t>, bool), Reason> {
        if arg.kind() == "unary_expression"
            && arg
                .child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "&")
        {
            let inner = arg
                .child_by_field_name("operand")
                .ok_or_else(|| Reason::TypeUnknown(short(self.src(), arg)))?;
            if inner.kind() != "identifier" {
                return Err(Reason::TypeUnknown(short(self.src(), arg)));
            }
            return Ok((inner, true));
        }
        // The result of a function of the package, read in place (`defaultConfig().Name`).
        let call_of_package_func = arg.kind() == "call_expression"
            && arg
                .child_by_field_name("function")
                .is_some_and(|f| f.kind() == "identifier");
        if !(matches!(arg.kind(), "identifier" | "selector_expression") || call_of_package_func) {
            return Err(Reason::TypeUnknown(short(self.src(), arg)));
        }
        Ok((arg, false))
    }
}
