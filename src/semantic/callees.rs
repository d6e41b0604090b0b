//! What a function of another package keeps of the arguments it is given, in the compiler's
//! words: the escape analysis states it for every parameter of every function it compiles
//! (`leaking param: p`, `leaking param content: p`, `leaking param: p to result r level=0`,
//! `p does not escape`), at the parameter's name. The function is found in the files the
//! compiler compiled for its package (named in the log), read from their outlines, once per
//! run.

use crate::semantic::escapes::{EscapeLog, ParamFact};
use crate::syntax::ast::{field_children, named_children};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The top-level declarations of one compiled file that a call can reach.
#[derive(Debug, Default)]
pub(crate) struct FileDecls {
    /// The package clause's name.
    package: String,
    /// The file holds `//line` directives: the compiler's positions in it are not the
    /// file's, and nothing of it is served.
    moved: bool,
    /// Functions by (receiver base type, name); `None` for a function.
    funcs: HashMap<(Option<String>, String), FuncDecl>,
    /// Package variables declared with a type written `T` or `*T` (`var BigEndian
    /// bigEndian`), by name: the base name of a type of the same package.
    vars: HashMap<String, String>,
}

/// The one result of `f` (a function declaration) as [`FuncDecl::result`] keeps it.
fn named_result(
    f: tree_sitter::Node<'_>,
    text: &str,
    imports: &[(String, String)],
) -> Option<(bool, Option<String>, String)> {
    if f.kind() != "function_declaration" || f.child_by_field_name("type_parameters").is_some() {
        return None;
    }
    let mut r = f.child_by_field_name("result")?;
    if r.kind() == "parameter_list" {
        let ps = named_children(r);
        if ps.len() != 1 || field_children(ps[0], "name").len() > 1 {
            return None;
        }
        r = ps[0].child_by_field_name("type")?;
    }
    let ptr = r.kind() == "pointer_type";
    if ptr {
        r = *named_children(r).first()?;
    }
    let t = |n: tree_sitter::Node<'_>| text[n.byte_range()].to_string();
    match r.kind() {
        "type_identifier" => Some((ptr, None, t(r))),
        "qualified_type" => {
            let pkg = t(r.child_by_field_name("package")?);
            let name = t(r.child_by_field_name("name")?);
            // One import of that name; an import without a name of its own is checked
            // against its package clause when served (`result_type`).
            let mut found = imports.iter().filter(|(_, n)| *n == pkg);
            let (path, _) = found.next()?;
            if found.next().is_some() {
                return None;
            }
            let unnamed = crate::syntax::imports::default_name(path) == pkg;
            let path = if unnamed {
                format!("{path}\u{0}{pkg}")
            } else {
                path.clone()
            };
            Some((ptr, Some(path), name))
        }
        _ => None,
    }
}

#[derive(Debug, Clone)]
struct FuncDecl {
    params: Vec<DeclParam>,
    /// Whether it has exactly one result, of a type that holds a buffer the way the buffer
    /// does (a slice, `*[N]T`): only then is what it hands back checked as the buffer is.
    /// (A string made from the buffer with `unsafe.String` would be taken for a copy.)
    one_direct_result: bool,
    /// Its one result's type when the function is not generic and the type is a named
    /// type written `T`, `*T`, `p.T` or `*p.T`: whether a pointer, and the type's import
    /// path (`None`: the function's own package) and name.
    result: Option<(bool, Option<String>, String)>,
    /// A method's named receiver, and whether it is a pointer (`*T`).
    receiver: Option<(DeclParam, bool)>,
}

#[derive(Debug, Clone)]
struct DeclParam {
    /// `None` for an unnamed or `_` parameter.
    name: Option<String>,
    /// 1-based, in bytes, as the compiler counts.
    line: usize,
    col: usize,
    variadic: bool,
    /// The parameter's type holds the buffer itself: a slice (`[]T`, `...T`) or a pointer to
    /// an array (`*[N]T`). Of an interface or other type, what "content" means differs.
    direct: bool,
}

/// The declarations read so far, by canonical path.
#[derive(Debug, Default)]
pub(crate) struct DeclCache(Mutex<HashMap<PathBuf, Arc<FileDecls>>>);

/// What a callee keeps of a buffer passed to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Keeps {
    /// Nothing outlives the call (the compiler's words, with their position).
    Nothing(String),
    /// Only what it hands back in its result (`to result ~r0 level=0`).
    Result(String),
    /// It may keep it, or nothing is known (the compiler's words when it said something).
    Unknown(Option<String>),
}

/// A call of another package's function or method with a buffer as one argument.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Call<'a> {
    /// The package's import path.
    pub(crate) path: &'a str,
    /// The name its files must declare (an import without a name of its own names the
    /// package its files declare); `None` when the import names it.
    pub(crate) name: Option<&'a str>,
    /// The receiver's base type, for a method.
    pub(crate) recv: Option<&'a str>,
    pub(crate) func: &'a str,
    /// The argument's index.
    pub(crate) idx: usize,
    /// Passed as `xs...`.
    pub(crate) spread: bool,
}

impl EscapeLog {
    /// What the function `call` calls keeps of the argument.
    pub(crate) fn keeps(&self, call: &Call<'_>) -> Keeps {
        let Call {
            path,
            name,
            recv,
            func,
            idx,
            spread,
        } = *call;
        let key = (recv.map(str::to_string), func.to_string());
        let found = self.package_files(path).into_iter().find_map(|f| {
            let decls = self.decls_of(&f);
            (!decls.moved && name.is_none_or(|n| decls.package == n))
                .then(|| decls.funcs.get(&key).cloned())
                .flatten()
                .map(|ps| (f, ps))
        });
        let Some((file, decl)) = found else {
            return Keeps::Unknown(None);
        };
        let params = &decl.params;
        let param = match params.get(idx) {
            Some(p) => p,
            None => match params.last() {
                Some(p) if p.variadic => p,
                _ => return Keeps::Unknown(None),
            },
        };
        if param.name.is_none() || !param.direct {
            return Keeps::Unknown(None);
        }
        let Some(fact) = self.param(&file, param.line, param.col) else {
            return Keeps::Unknown(None);
        };
        if Some(&fact.name) != param.name.as_ref() {
            return Keeps::Unknown(None);
        }
        let words = |f: &ParamFact| {
            let short = file
                .components()
                .rev()
                .take(2)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<PathBuf>();
            format!(
                "{}:{}:{}: {}",
                short.display(),
                param.line,
                param.col,
                f.said
            )
        };
        if fact.heap || fact.moved {
            return Keeps::Unknown(Some(words(fact)));
        }
        if param.variadic && !spread {
            // The buffer is an element of the parameter: its content.
            return if fact.stays && !fact.content && !fact.result {
                Keeps::Nothing(words(fact))
            } else {
                Keeps::Unknown(Some(words(fact)))
            };
        }
        if fact.result {
            return if decl.one_direct_result {
                Keeps::Result(words(fact))
            } else {
                Keeps::Unknown(Some(words(fact)))
            };
        }
        if fact.stays || fact.content {
            return Keeps::Nothing(words(fact));
        }
        Keeps::Unknown(None)
    }

    /// What method `func` of type `recv`, declared in `file` (as the compiler compiled it),
    /// keeps of its receiver when the receiver is a value whose type's underlying type is a
    /// slice holding the buffer (`type readBuf []byte`). A value receiver is a copy of the
    /// slice, judged as a slice parameter is; a pointer receiver points to the variable
    /// holding it, whose content is the buffer: only "does not escape" (nothing reachable
    /// from it is kept or handed back) keeps nothing.
    pub(crate) fn keeps_receiver(&self, file: &Path, recv: &str, func: &str) -> Keeps {
        let Ok(file) = std::fs::canonicalize(file) else {
            return Keeps::Unknown(None);
        };
        let decls = self.decls_of(&file);
        if decls.moved {
            return Keeps::Unknown(None);
        }
        let key = (Some(recv.to_string()), func.to_string());
        let Some((param, pointer)) = decls.funcs.get(&key).and_then(|d| d.receiver.clone()) else {
            return Keeps::Unknown(None);
        };
        let Some(fact) = self.param(&file, param.line, param.col) else {
            return Keeps::Unknown(None);
        };
        if Some(&fact.name) != param.name.as_ref() {
            return Keeps::Unknown(None);
        }
        let words = format!(
            "{}:{}:{}: {}",
            file.file_name().unwrap_or_default().to_string_lossy(),
            param.line,
            param.col,
            fact.said
        );
        let nothing = if pointer {
            fact.stays && !fact.content && !fact.result && !fact.heap && !fact.moved
        } else {
            (fact.stays || fact.content) && !fact.result && !fact.heap && !fact.moved
        };
        if nothing {
            Keeps::Nothing(words)
        } else {
            Keeps::Unknown(Some(words))
        }
    }

    /// The type of what function `func` of package `path` (named `name`, as for
    /// [`EscapeLog::keeps`]) returns, when it returns one value of a named type.
    pub(crate) fn result_type(
        &self,
        path: &str,
        name: Option<&str>,
        func: &str,
    ) -> Option<crate::semantic::ty::Ty> {
        use crate::semantic::ty::Ty;
        let key = (None, func.to_string());
        let (ptr, from, tname) = self.package_files(path).into_iter().find_map(|f| {
            let decls = self.decls_of(&f);
            (!decls.moved && name.is_none_or(|n| decls.package == n))
                .then(|| decls.funcs.get(&key).map(|d| d.result.clone()))
                .flatten()
        })??;
        // `path\0name`: an import without a name of its own, whose package must declare
        // that name.
        let from = match from {
            Some(f) => match f.split_once('\u{0}') {
                Some((p, must)) => {
                    let ok = self
                        .package_files(p)
                        .first()
                        .is_some_and(|file| self.decls_of(file).package == must);
                    if !ok {
                        return None;
                    }
                    p.to_string()
                }
                None => f,
            },
            None => path.to_string(),
        };
        let named = Ty::Named {
            pkg: Some(from),
            name: tname,
            args: Vec::new(),
        };
        Some(if ptr {
            Ty::Pointer(Box::new(named))
        } else {
            named
        })
    }

    /// The base name of the type package `path`'s variable `var` is declared with, when it
    /// is a type of that package (`var BigEndian bigEndian`); `name` as for [`EscapeLog::keeps`].
    pub(crate) fn var_type(&self, path: &str, name: Option<&str>, var: &str) -> Option<String> {
        self.package_files(path).into_iter().find_map(|f| {
            let decls = self.decls_of(&f);
            (!decls.moved && name.is_none_or(|n| decls.package == n))
                .then(|| decls.vars.get(var).cloned())
                .flatten()
        })
    }

    fn decls_of(&self, file: &Path) -> Arc<FileDecls> {
        if let Some(d) = self
            .decls
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(file)
        {
            return d.clone();
        }
        let decls = Arc::new(
            std::fs::read_to_string(file)
                .map(|text| read_decls(&text))
                .unwrap_or_default(),
        );
        self.decls
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.to_path_buf(), decls.clone());
        decls
    }
}

/// The declarations of one file, from its outline (its whole tree when the fast check
/// finds no function bodies to leave out).
fn read_decls(text: &str) -> FileDecls {
    let tree = match crate::syntax::validate::function_bodies(text) {
        Some(bodies) => crate::syntax::parse::parse_outline(text, &bodies),
        None => crate::syntax::parse::parse(text),
    };
    let root = tree.root_node();
    let t = |n: tree_sitter::Node<'_>| text[n.byte_range()].to_string();
    let imports = crate::syntax::imports::all_imports(&tree, text);
    let mut d = FileDecls {
        moved: crate::semantic::escapes::has_line_directives(text),
        ..FileDecls::default()
    };
    for top in named_children(root) {
        match top.kind() {
            "package_clause" => {
                if let Some(n) = named_children(top).first() {
                    d.package = t(*n);
                }
            }
            "function_declaration" | "method_declaration" => {
                let Some(name) = top.child_by_field_name("name") else {
                    continue;
                };
                let recv_decl = top
                    .child_by_field_name("receiver")
                    .filter(|_| top.kind() == "method_declaration")
                    .and_then(|r| {
                        named_children(r)
                            .into_iter()
                            .find(|p| p.kind() == "parameter_declaration")
                    });
                let recv = if top.kind() == "method_declaration" {
                    let ty = recv_decl.and_then(|p| p.child_by_field_name("type"));
                    match ty.and_then(|ty| base_name(ty, text)) {
                        Some(b) => Some(b),
                        None => continue,
                    }
                } else {
                    None
                };
                let receiver = recv_decl.and_then(|p| {
                    let n = p.child_by_field_name("name")?;
                    let ty = p.child_by_field_name("type")?;
                    let pos = n.start_position();
                    let param = DeclParam {
                        name: Some(t(n)).filter(|s| s != "_"),
                        line: pos.row + 1,
                        col: pos.column + 1,
                        variadic: false,
                        direct: false,
                    };
                    Some((param, ty.kind() == "pointer_type"))
                });
                let Some(list) = top.child_by_field_name("parameters") else {
                    continue;
                };
                let mut params = Vec::new();
                for p in named_children(list) {
                    let variadic = p.kind() == "variadic_parameter_declaration";
                    if !variadic && p.kind() != "parameter_declaration" {
                        continue;
                    }
                    let direct =
                        variadic || p.child_by_field_name("type").is_some_and(holds_buffer);
                    let names = field_children(p, "name");
                    let entry = |n: Option<tree_sitter::Node<'_>>| {
                        let pos = n.map_or(p.start_position(), |n| n.start_position());
                        DeclParam {
                            name: n.map(t).filter(|s| s != "_"),
                            line: pos.row + 1,
                            col: pos.column + 1,
                            variadic,
                            direct,
                        }
                    };
                    if names.is_empty() {
                        params.push(entry(None));
                    }
                    for n in names {
                        params.push(entry(Some(n)));
                    }
                }
                let one_direct_result = match top.child_by_field_name("result") {
                    Some(r) if r.kind() == "parameter_list" => {
                        let results: Vec<_> = named_children(r)
                            .into_iter()
                            .filter(|p| p.kind() == "parameter_declaration")
                            .collect();
                        results.len() == 1
                            && field_children(results[0], "name").len() <= 1
                            && results[0]
                                .child_by_field_name("type")
                                .is_some_and(holds_buffer)
                    }
                    Some(r) => holds_buffer(r),
                    None => false,
                };
                let result = named_result(top, text, &imports);
                d.funcs.insert(
                    (recv, t(name)),
                    FuncDecl {
                        params,
                        one_direct_result,
                        result,
                        receiver,
                    },
                );
            }
            "var_declaration" => {
                let mut stack = vec![top];
                while let Some(n) = stack.pop() {
                    if n.kind() == "var_spec" {
                        if let Some(ty) = n.child_by_field_name("type")
                            && let Some(b) = base_name(ty, text)
                        {
                            for name in field_children(n, "name") {
                                d.vars.insert(t(name), b.clone());
                            }
                        }
                        continue;
                    }
                    stack.extend(named_children(n));
                }
            }
            _ => {}
        }
    }
    d
}

/// A slice type or a pointer to an array type, written so.
fn holds_buffer(ty: tree_sitter::Node<'_>) -> bool {
    ty.kind() == "slice_type"
        || (ty.kind() == "pointer_type"
            && named_children(ty)
                .first()
                .is_some_and(|a| a.kind() == "array_type"))
}

/// `T`, `*T`, `T[K]`, `*T[K]` (parenthesized or not): `T`, a type of the same package.
fn base_name(ty: tree_sitter::Node<'_>, text: &str) -> Option<String> {
    match ty.kind() {
        "type_identifier" => Some(text[ty.byte_range()].to_string()),
        "pointer_type" | "parenthesized_type" => {
            named_children(ty).first().and_then(|t| base_name(*t, text))
        }
        "generic_type" => ty
            .child_by_field_name("type")
            .filter(|t| t.kind() == "type_identifier")
            .map(|t| text[t.byte_range()].to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_found_where_the_compiler_names_them() {
        let d = read_decls(
            "package rand\n\ntype bigEndian struct{}\n\nvar BigEndian bigEndian\nvar P *bigEndian\nvar Q = bigEndian{}\n\nfunc Read(b []byte) (n int, err error) { return 0, nil }\n\nfunc (bigEndian) PutUint32(b []byte, v uint32) {}\n\nfunc (l *List[T]) Push(_ int, xs ...T) {}\n\nfunc Any(x any, a, b *[4]byte) {}\n",
        );
        assert_eq!(d.package, "rand");
        let read = &d.funcs[&(None, "Read".to_string())].params;
        assert_eq!((read[0].line, read[0].col), (9, 11));
        assert!(read[0].direct && !read[0].variadic);
        let put = &d.funcs[&(Some("bigEndian".to_string()), "PutUint32".to_string())].params;
        assert_eq!(put.len(), 2);
        assert_eq!((put[0].line, put[0].col), (11, 28));
        assert!(!put[1].direct);
        let push = &d.funcs[&(Some("List".to_string()), "Push".to_string())].params;
        assert_eq!(push[0].name, None);
        assert!(push[1].variadic && push[1].direct);
        let any = &d.funcs[&(None, "Any".to_string())].params;
        assert!(
            !any[0].direct,
            "an interface parameter's content is the buffer"
        );
        assert!(any[1].direct && any[2].direct);
        assert_eq!(any[2].name.as_deref(), Some("b"));
        assert_eq!(d.vars["BigEndian"], "bigEndian");
        assert_eq!(d.vars["P"], "bigEndian");
        assert!(!d.vars.contains_key("Q"));
        let r = read_decls(
            "package r\n\nimport (\n\tb \"bufio\"\n\t\"io\"\n)\n\nfunc New() *Rand { return nil }\nfunc Val() (x Rand) { return }\nfunc W() *b.Writer { return nil }\nfunc R() io.Reader { return nil }\nfunc G[T any]() *Rand { return nil }\nfunc Two() (Rand, error) { return Rand{}, nil }\nfunc S() []Rand { return nil }\nfunc (Rand) M() *Rand { return nil }\n",
        );
        let res = |f: &str| r.funcs[&(None, f.to_string())].result.clone();
        assert_eq!(res("New"), Some((true, None, "Rand".into())));
        assert_eq!(res("Val"), Some((false, None, "Rand".into())));
        assert_eq!(
            res("W"),
            Some((true, Some("bufio".into()), "Writer".into()))
        );
        assert_eq!(
            res("R"),
            Some((false, Some("io\u{0}io".into()), "Reader".into())),
            "an import without a name of its own: its package clause is checked when served"
        );
        assert_eq!(
            res("G"),
            None,
            "a generic function's result depends on its arguments"
        );
        assert_eq!(res("Two"), None);
        assert_eq!(res("S"), None);
        assert_eq!(
            r.funcs[&(Some("Rand".to_string()), "M".to_string())].result,
            None,
            "methods are not asked"
        );
    }

    #[test]
    fn what_a_callee_keeps_follows_the_compiler() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("q")).unwrap();
        std::fs::write(
            dir.path().join("q/q.go"),
            "package q\n\nfunc Keep(b []byte) {}\nfunc Ret(b []byte) []byte { return b }\nfunc Cont(b []byte) {}\nfunc Leak(b []byte) {}\nfunc Moved(b []byte) {}\nfunc Var(bs ...[]byte) {}\nfunc VarC(bs ...[]byte) {}\nfunc Silent(b []byte) {}\nfunc Str(b []byte) string { return \"\" }\nfunc Two(b []byte) ([]byte, error) { return b, nil }\n",
        )
        .unwrap();
        let log = EscapeLog::parse(
            "# example.com/m/q\n\
             q/q.go:3:11: b does not escape\n\
             q/q.go:4:10: leaking param: b to result ~r0 level=0\n\
             q/q.go:5:11: leaking param content: b\n\
             q/q.go:6:11: leaking param: b\n\
             q/q.go:7:12: moved to heap: b\n\
             q/q.go:8:10: bs does not escape\n\
             q/q.go:9:11: leaking param content: bs\n\
             q/q.go:11:10: leaking param: b to result ~r0 level=0\n\
             q/q.go:12:10: leaking param: b to result ~r0 level=0\n",
            dir.path(),
        );
        let call = |path, name, func, idx, spread| Call {
            path,
            name,
            recv: None,
            func,
            idx,
            spread,
        };
        let k = |f: &'static str, idx: usize, spread: bool| {
            log.keeps(&call("example.com/m/q", Some("q"), f, idx, spread))
        };
        assert!(
            matches!(k("Keep", 0, false), Keeps::Nothing(w) if w == "q/q.go:3:11: b does not escape")
        );
        assert!(matches!(k("Ret", 0, false), Keeps::Result(_)));
        assert!(matches!(k("Cont", 0, false), Keeps::Nothing(_)));
        assert!(matches!(k("Leak", 0, false), Keeps::Unknown(Some(_))));
        assert!(matches!(k("Moved", 0, false), Keeps::Unknown(Some(_))));
        assert!(matches!(k("Var", 3, false), Keeps::Nothing(_)));
        assert!(
            matches!(k("VarC", 0, false), Keeps::Unknown(Some(_))),
            "an element of a leaking variadic is its content"
        );
        assert!(
            matches!(k("VarC", 0, true), Keeps::Nothing(_)),
            "spread, the buffer is the parameter"
        );
        assert_eq!(k("Silent", 0, false), Keeps::Unknown(None));
        // What it hands back is checked as the buffer only when it is one slice: a string
        // (unsafe.String) would be taken for a copy, a second result is not followed.
        assert!(matches!(k("Str", 0, false), Keeps::Unknown(Some(_))));
        assert!(matches!(k("Two", 0, false), Keeps::Unknown(Some(_))));
        assert_eq!(k("Keep", 1, false), Keeps::Unknown(None));
        assert_eq!(
            log.keeps(&call("example.com/m/q", Some("other"), "Keep", 0, false)),
            Keeps::Unknown(None),
            "another package's name"
        );
        assert_eq!(
            log.keeps(&call("example.com/m/x", Some("q"), "Keep", 0, false)),
            Keeps::Unknown(None)
        );
    }
}
