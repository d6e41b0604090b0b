//! The generated accessors file: one `tField(x *T, name string) any` per type whose
//! accessor the package calls, in the file compiled with the type, under a name no other
//! identifier of the package has.

use super::*;

pub(super) fn accessor_name(tname: &str) -> String {
    let mut c = tname.chars();
    let first = c
        .next()
        .map(|f| f.to_lowercase().to_string())
        .unwrap_or_default();
    format!("{first}{}Field", c.as_str())
}

/// The switch cases of a type's accessor: (name, selector path, whether it is exported).
pub(super) fn accessor_cases(
    pkg: &Package,
    ctx: &Context,
    tname: &str,
) -> Result<Vec<(String, String, bool)>, String> {
    let fields = visible_fields(pkg, ctx, tname).map_err(|e| Reason::from(e).to_string())?;
    let mut ordered: Vec<(usize, String, String, bool)> = Vec::new();
    let direct: Vec<String> = direct_fields(pkg, ctx, tname)
        .ok_or_else(|| format!("{tname} is not a struct of the package"))?
        .into_iter()
        .map(|(f, _)| f.name)
        .collect();
    for (name, f) in fields {
        let Some(f) = f else { continue };
        if f.through_pointer {
            return Err(format!("{name} is promoted through an embedded pointer"));
        }
        let rank = direct.iter().position(|d| *d == name).unwrap_or(usize::MAX);
        ordered.push((
            rank,
            name.clone(),
            f.selector().to_string(),
            name.starts_with(|c: char| c.is_uppercase()),
        ));
    }
    ordered.sort();
    Ok(ordered.into_iter().map(|(_, n, p, e)| (n, p, e)).collect())
}

/// The file a type's accessor goes in: the one compiled with the file declaring the type
/// (a `_test.go` one for a type of a test file). A type of a build-constrained file has
/// none: the accessor would need its constraint.
pub(super) fn accessor_file(
    pkg: &Package,
    ctx: &Context,
    tname: &str,
) -> Result<&'static str, String> {
    let decl = ctx
        .index
        .types
        .get(tname)
        .filter(|_| ctx.index.unique(tname))
        .ok_or_else(|| format!("{tname} is not declared once by the package"))?;
    let f = &pkg.files[decl.spec.file];
    if crate::syntax::build::constrained(&f.path, &f.text) {
        return Err(format!(
            "{tname} is declared in {}, compiled only under a build constraint",
            f.path.file_name().unwrap_or_default().to_string_lossy()
        ));
    }
    Ok(if pkg.name.ends_with("_test") {
        EXT_TEST_ACCESSORS
    } else if crate::syntax::build::is_test(&f.path) {
        TEST_ACCESSORS
    } else {
        ACCESSORS
    })
}

/// The types whose accessor the package calls, each with the file its accessor goes in.
/// An accessor's name ends in `Field`: the files are searched for that text first, and only
/// its places are looked up in the tree.
pub(super) fn needed_accessors(pkg: &Package, ctx: &Context) -> Vec<(String, &'static str)> {
    let mut needed: Vec<(String, &'static str)> = Vec::new();
    let own = std::cell::OnceCell::new();
    for (fi, f) in pkg
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.generated != Generated::ByGomapfix)
    {
        let src = &*f.text;
        let bytes = src.as_bytes();
        let ident = crate::syntax::ast::ident_byte;
        for (end, _) in src.match_indices("Field") {
            let end = end + "Field".len();
            if bytes.get(end).is_some_and(|&b| ident(b)) {
                continue;
            }
            let mut start = end - "Field".len();
            while start > 0 && ident(bytes[start - 1]) {
                start -= 1;
            }
            let Some(func) =
                crate::syntax::ast::identifier_at(f.tree().root_node(), start, end - start)
                    .filter(|id| crate::syntax::ast::call_of_callee(*id).is_some())
            else {
                continue;
            };
            let name = &src[func.byte_range()];
            if ctx.scopes[fi].local(func.start_byte()).is_some()
                || own.get_or_init(|| declared_by_package(pkg)).contains(name)
            {
                continue;
            }
            // The one type of that accessor name (two, `User` and `user`, get none).
            let mut owners = ctx.index.types.keys().filter(|t| accessor_name(t) == name);
            let owner = match (owners.next(), owners.next()) {
                (Some(t), None) if struct_spec(pkg, ctx, t).is_some() => Some(t),
                _ => None,
            };
            if let Some(t) = owner.filter(|t| !needed.iter().any(|(n, _)| n == *t))
                && let Ok(file) = accessor_file(pkg, ctx, t)
            {
                needed.push((t.clone(), file));
            }
        }
    }
    needed.sort();
    needed
}

/// The accessors file `name`: one accessor per type of `needed` (from [`needed_accessors`])
/// that goes in that file.
pub(super) fn render_accessors(
    pkg: &Package,
    ctx: &Context,
    needed: &[(String, &'static str)],
    name: &str,
) -> Option<String> {
    let needed: Vec<&String> = needed
        .iter()
        .filter(|(_, f)| *f == name)
        .map(|(t, _)| t)
        .collect();
    if needed.is_empty() {
        return None;
    }
    let any = if pkg.allows(18) { "any" } else { "interface{}" };
    let mut out = format!(
        "{}\n\npackage {}\n\nimport \"reflect\"\n",
        crate::syntax::source::OWN_GENERATED_HEADER,
        pkg.name
    );
    for t in needed {
        let cases = accessor_cases(pkg, ctx, t).ok()?;
        let f = accessor_name(t);
        out.push_str(&format!(
            "\n// {f} returns the field of x named name, as\n// reflect.ValueOf(x).Elem().FieldByName(name).Interface() would, and panics\n// where that panics, with the same value.\nfunc {f}(x *{t}, name string) {any} {{\n\tif x == nil {{\n\t\tpanic(&reflect.ValueError{{Method: \"reflect.Value.FieldByName\", Kind: reflect.Invalid}})\n\t}}\n\tswitch name {{\n"
        ));
        for (name, path, exported) in cases {
            if exported {
                out.push_str(&format!("\tcase \"{name}\":\n\t\treturn x.{path}\n"));
            } else {
                out.push_str(&format!(
                    "\tcase \"{name}\":\n\t\tpanic(\"{UNEXPORTED_PANIC}\")\n"
                ));
            }
        }
        out.push_str("\t}\n\tpanic(&reflect.ValueError{Method: \"reflect.Value.Interface\", Kind: reflect.Invalid})\n}\n");
    }
    Some(out)
}
