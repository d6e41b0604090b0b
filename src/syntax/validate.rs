//! A fast check that a file is Go, for the files no transform needs a tree of: Go's own
//! scanner rules (semicolon insertion included) and a recursive descent over Go's grammar,
//! as go/parser reads it, building nothing. It runs about ten times faster than a
//! tree-sitter parse, and is used only to say "valid": a file it rejects is parsed by
//! tree-sitter, which finds the position of the first problem (or takes the file, where
//! this check is stricter than the grammar). The fuzz target compares the two on mutated
//! files: a file this check accepts and the grammar rejects is a failure.

/// Whether `src` reads as a Go source file.
pub(crate) fn valid(src: &str) -> bool {
    check(src, None)
}

/// When `src` reads as a Go source file, the byte range inside the braces of each
/// function's and method's body declared at the top level, and of each function literal's
/// body and composite literal's value in the values of its package-level variables (the
/// outermost only), in order: the parts of the file a reading of its declarations alone
/// can leave out.
pub(crate) fn function_bodies(src: &str) -> Option<Vec<(usize, usize)>> {
    let mut bodies = Vec::new();
    check(src, Some(&mut bodies)).then_some(bodies)
}

/// The tokens of `src` with their texts (semicolons Go inserts included, as `Semi`), or
/// `None` when some text is no Go token.
pub(crate) fn tokens(src: &str) -> Option<Vec<(Tok, &str)>> {
    let mut s = Scanner::new(src);
    let mut out = Vec::new();
    loop {
        match s.next().ok()? {
            (Tok::Eof, _) => return Some(out),
            t => out.push(t),
        }
    }
}

/// Every identifier token of `src` (not in a comment or a string), added to `out`; false
/// when the scan met text no Go token starts with (then `out` holds those before it).
pub(crate) fn identifiers(src: &str, out: &mut std::collections::HashSet<String>) -> bool {
    let mut s = Scanner::new(src);
    loop {
        match s.next() {
            Err(()) => return false,
            Ok((Tok::Eof, _)) => return true,
            Ok((Tok::Ident, text)) if !out.contains(text) => {
                out.insert(text.to_string());
            }
            Ok(_) => {}
        }
    }
}

fn check(src: &str, bodies: Option<&mut Vec<(usize, usize)>>) -> bool {
    let mut p = Parser {
        base: src.as_ptr() as usize,
        bodies,
        in_var_values: false,
        last_close: 0,
        s: Scanner::new(src),
        tok: Tok::Eof,
        text: "",
        depth: 0,
        lev: 0,
        ntok: 0,
        call_end: usize::MAX,
    };
    p.next();
    p.file().is_ok()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tok {
    Ident,
    Keyword,
    Lit,
    Str,
    Op,
    Semi,
    Eof,
}

type R = Result<(), ()>;

#[derive(Clone)]
struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Whether a newline here ends a statement (the last token was one that may end one).
    insert: bool,
}

const KEYWORDS: [&str; 25] = [
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

const OPS3: [&str; 4] = ["<<=", ">>=", "&^=", "..."];
const OPS2: [&str; 21] = [
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "&^", "&&", "||", "<-", "++", "--",
    "==", "!=", "<=", ">=", ":=",
];

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Scanner<'a> {
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        Scanner {
            src,
            b: src.as_bytes(),
            pos: 0,
            insert: false,
        }
    }

    /// The next token and its text; `Err` for text no Go token starts with.
    fn next(&mut self) -> Result<(Tok, &'a str), ()> {
        loop {
            let Some(&c) = self.b.get(self.pos) else {
                if self.insert {
                    self.insert = false;
                    return Ok((Tok::Semi, "\n"));
                }
                return Ok((Tok::Eof, ""));
            };
            match c {
                b'\n' if self.insert => {
                    self.insert = false;
                    self.pos += 1;
                    return Ok((Tok::Semi, "\n"));
                }
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'/' if self.b.get(self.pos + 1) == Some(&b'/') => {
                    // A line comment ends where the line does: the newline is the next token.
                    self.pos =
                        memchr(b'\n', &self.b[self.pos..]).map_or(self.b.len(), |i| self.pos + i);
                }
                b'/' if self.b.get(self.pos + 1) == Some(&b'*') => {
                    let body = &self.src[self.pos + 2..];
                    let end = body.find("*/").ok_or(())?;
                    let newline = body[..end].contains('\n');
                    self.pos += 2 + end + 2;
                    if newline && self.insert {
                        self.insert = false;
                        return Ok((Tok::Semi, "\n"));
                    }
                }
                _ => break,
            }
        }
        let start = self.pos;
        let c = self.b[start];
        let letter = c == b'_'
            || c.is_ascii_alphabetic()
            || (c >= 0x80
                && self.src[start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic));
        let (tok, insert) = if letter {
            self.ident();
            let text = &self.src[start..self.pos];
            if KEYWORDS.contains(&text) {
                let ends = matches!(text, "break" | "continue" | "fallthrough" | "return");
                (Tok::Keyword, ends)
            } else {
                (Tok::Ident, true)
            }
        } else if c.is_ascii_digit()
            || (c == b'.' && self.b.get(start + 1).is_some_and(u8::is_ascii_digit))
        {
            self.number()?;
            (Tok::Lit, true)
        } else if c == b'"' {
            self.pos += 1;
            loop {
                match self.b.get(self.pos) {
                    None | Some(b'\n') => return Err(()),
                    Some(b'"') => break,
                    Some(b'\\') => self.escape(b'"')?,
                    Some(_) => self.pos += 1,
                }
            }
            self.pos += 1;
            (Tok::Str, true)
        } else if c == b'`' {
            let end = memchr(b'`', &self.b[start + 1..]).ok_or(())?;
            self.pos = start + 1 + end + 1;
            (Tok::Str, true)
        } else if c == b'\'' {
            self.pos += 1;
            let mut n = 0;
            loop {
                match self.b.get(self.pos) {
                    None | Some(b'\n') => return Err(()),
                    Some(b'\'') => break,
                    Some(b'\\') => self.escape(b'\'')?,
                    Some(_) => {
                        let ch = self.src[self.pos..].chars().next().ok_or(())?;
                        self.pos += ch.len_utf8();
                    }
                }
                n += 1;
            }
            self.pos += 1;
            if n != 1 {
                return Err(());
            }
            (Tok::Lit, true)
        } else {
            let rest = &self.src[start..];
            let len = if OPS3.iter().any(|o| rest.starts_with(o)) {
                3
            } else if OPS2.iter().any(|o| rest.starts_with(o)) {
                2
            } else if b"+-*/%&|^<>=!()[]{},;.:~".contains(&c) {
                1
            } else {
                return Err(());
            };
            self.pos += len;
            let text = &self.src[start..self.pos];
            if text == ";" {
                self.insert = false;
                return Ok((Tok::Semi, ";"));
            }
            let ends = matches!(text, ")" | "]" | "}" | "++" | "--");
            (Tok::Op, ends)
        };
        self.insert = insert;
        Ok((tok, &self.src[start..self.pos]))
    }

    fn ident(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            if c == b'_' || c.is_ascii_alphanumeric() {
                self.pos += 1;
            } else if c >= 0x80 {
                match self.src[self.pos..].chars().next() {
                    Some(ch) if ch.is_alphabetic() || ch.is_numeric() => self.pos += ch.len_utf8(),
                    _ => break,
                }
            } else {
                break;
            }
        }
    }

    /// A number literal as Go's scanner reads it: a prefix (`0x`, `0b`, `0o`), digits and
    /// underscores, one point, an exponent (`e` in a decimal literal, `p` in a hexadecimal
    /// one) with its sign and digits, and `i`; what follows is the next token (`2x` is
    /// two). The scanner's errors are kept: no digits, an exponent without digits, a
    /// hexadecimal mantissa with a point and no `p`, `8` or `9` in a legacy octal literal,
    /// an `_` not between digits.
    fn number(&mut self) -> R {
        let b = self.b;
        let start = self.pos;
        let digits = |s: &mut Self, ok: fn(u8) -> bool| -> usize {
            let from = s.pos;
            let mut n = 0;
            while s.pos < b.len() && (ok(b[s.pos]) || b[s.pos] == b'_') {
                n += usize::from(b[s.pos] != b'_');
                s.pos += 1;
            }
            let _ = from;
            n
        };
        let (mantissa, exp, prefixed): (fn(u8) -> bool, &[u8], bool) =
            match (b[self.pos], b.get(self.pos + 1)) {
                (b'0', Some(b'x' | b'X')) => {
                    self.pos += 2;
                    (|c: u8| c.is_ascii_hexdigit(), b"pP", true)
                }
                (b'0', Some(b'b' | b'B')) => {
                    self.pos += 2;
                    if digits(self, |c| c == b'0' || c == b'1') == 0 {
                        return Err(());
                    }
                    self.imaginary();
                    return self.underscores(start);
                }
                (b'0', Some(b'o' | b'O')) => {
                    self.pos += 2;
                    if digits(self, |c| (b'0'..=b'7').contains(&c)) == 0 {
                        return Err(());
                    }
                    self.imaginary();
                    return self.underscores(start);
                }
                _ => (|c: u8| c.is_ascii_digit(), b"eE", false),
            };
        let mut n = digits(self, mantissa);
        let mut point = false;
        if b.get(self.pos) == Some(&b'.') {
            point = true;
            self.pos += 1;
            n += digits(self, mantissa);
        }
        if n == 0 {
            return Err(());
        }
        let mut exponent = false;
        if b.get(self.pos).is_some_and(|c| exp.contains(c)) {
            exponent = true;
            self.pos += 1;
            if matches!(b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self, |c| c.is_ascii_digit()) == 0 {
                return Err(());
            }
        }
        if prefixed && point && !exponent {
            return Err(());
        }
        let imaginary = self.imaginary();
        let text = &self.src[start..self.pos];
        if !prefixed
            && !point
            && !exponent
            && !imaginary
            && text.len() > 1
            && text.starts_with('0')
            && text.bytes().any(|c| c == b'8' || c == b'9')
        {
            return Err(());
        }
        self.underscores(start)
    }

    /// An `_` in a number stands between two digits (or after its base prefix).
    fn underscores(&self, start: usize) -> R {
        let t = &self.b[start..self.pos];
        for (i, &c) in t.iter().enumerate() {
            if c != b'_' {
                continue;
            }
            let before = i.checked_sub(1).map(|j| t[j]);
            let after = t.get(i + 1).copied();
            let digit = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_hexdigit());
            let prefix = i == 2 && matches!(before, Some(b'x' | b'X' | b'b' | b'B' | b'o' | b'O'));
            if !((digit(before) || prefix) && digit(after)) {
                return Err(());
            }
        }
        Ok(())
    }

    fn imaginary(&mut self) -> bool {
        let i = self.b.get(self.pos) == Some(&b'i');
        if i {
            self.pos += 1;
        }
        i
    }

    /// An escape in a string or rune literal quoted by `quote`, at a backslash.
    fn escape(&mut self, quote: u8) -> R {
        let c = *self.b.get(self.pos + 1).ok_or(())?;
        let hex = |n: usize, s: &Self| -> R {
            let d = s.b.get(s.pos + 2..s.pos + 2 + n).ok_or(())?;
            d.iter().all(u8::is_ascii_hexdigit).then_some(()).ok_or(())
        };
        self.pos += match c {
            b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'\\' => 2,
            c if c == quote => 2,
            b'0'..=b'7' => {
                let d = self.b.get(self.pos + 1..self.pos + 4).ok_or(())?;
                if !d.iter().all(|c| (b'0'..=b'7').contains(c)) {
                    return Err(());
                }
                4
            }
            b'x' => {
                hex(2, self)?;
                4
            }
            b'u' => {
                hex(4, self)?;
                6
            }
            b'U' => {
                hex(8, self)?;
                10
            }
            _ => return Err(()),
        };
        Ok(())
    }
}

fn memchr(b: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == b)
}

/// A step after an operand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Selector,
    Assertion,
    Index,
    Call,
}

/// What a simple statement was: an expression (which a condition or a switch tag must be),
/// a `range` clause, or another statement.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Simple {
    Expr,
    Range,
    Other,
}

/// Whether `{` after an expression may open a composite literal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lit {
    /// A type literal: always.
    Type,
    /// A name, selector or index: outside a control clause's header.
    Name,
    /// A parenthesized operand: `{` after it outside a control clause's header would make
    /// it a parenthesized literal type, which go/parser refuses ("cannot parenthesize type
    /// in composite literal"); in a header, `{` opens the block.
    Paren,
    /// A parenthesized operand that may be an array, slice, struct or map type: `{` after
    /// it is refused anywhere (go/parser reads a literal after such a type even in a header).
    /// Such files are left to the grammar, which decides.
    ParenType,
    Never,
}

/// Nesting deeper than this is left to tree-sitter (no stack overflow on crafted input).
const MAX_DEPTH: u32 = 1000;

struct Parser<'a, 'b> {
    /// The address of the file's text, to turn a token's text into its offset.
    base: usize,
    /// Where the top-level function bodies are collected, when asked.
    bodies: Option<&'b mut Vec<(usize, usize)>>,
    /// In the values of a package-level `var`, outside any body collected: the next
    /// function literal's body or composite literal's value is collected too.
    in_var_values: bool,
    /// The offset of the last `}` read.
    last_close: usize,
    s: Scanner<'a>,
    tok: Tok,
    text: &'a str,
    depth: u32,
    /// go/parser's exprLev: below 0 in a control clause's header, where `T {` opens the
    /// block and not a composite literal.
    lev: i32,
    /// How many tokens were read, and that count after the `)` of the last call (a `go`
    /// or `defer` statement's expression must end there).
    ntok: usize,
    call_end: usize,
}

#[derive(Clone)]
struct Mark<'a> {
    s: Scanner<'a>,
    tok: Tok,
    text: &'a str,
    lev: i32,
    ntok: usize,
    /// How many bodies were collected.
    nbodies: usize,
}

impl<'a> Parser<'a, '_> {
    fn next(&mut self) {
        self.ntok += 1;
        match self.s.next() {
            Ok((t, x)) => {
                self.tok = t;
                self.text = x;
            }
            Err(()) => {
                // An illegal token: every rule rejects it.
                self.tok = Tok::Op;
                self.text = "\u{0}";
            }
        }
    }

    fn mark(&self) -> Mark<'a> {
        Mark {
            s: self.s.clone(),
            tok: self.tok,
            text: self.text,
            lev: self.lev,
            ntok: self.ntok,
            nbodies: self.bodies.as_ref().map_or(0, |b| b.len()),
        }
    }

    fn reset(&mut self, m: Mark<'a>) {
        self.s = m.s;
        self.tok = m.tok;
        self.text = m.text;
        self.lev = m.lev;
        self.ntok = m.ntok;
        if let Some(b) = self.bodies.as_mut() {
            b.truncate(m.nbodies);
        }
    }

    fn is(&self, op: &str) -> bool {
        matches!(self.tok, Tok::Op | Tok::Keyword) && self.text == op
    }

    fn got(&mut self, op: &str) -> bool {
        if self.is(op) {
            if op == "}" {
                self.last_close = self.offset();
            }
            self.next();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, op: &str) -> R {
        if self.got(op) { Ok(()) } else { Err(()) }
    }

    fn ident(&mut self) -> R {
        if self.tok == Tok::Ident {
            self.next();
            Ok(())
        } else {
            Err(())
        }
    }

    fn enter(&mut self) -> R {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(())
        } else {
            Ok(())
        }
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// A semicolon, unless the list closes here.
    fn semi(&mut self) -> R {
        if self.is(")") || self.is("}") {
            return Ok(());
        }
        if self.tok == Tok::Semi {
            self.next();
            return Ok(());
        }
        Err(())
    }

    fn file(&mut self) -> R {
        self.expect("package")?;
        self.ident()?;
        self.semi()?;
        while self.is("import") {
            self.gen_decl()?;
            self.semi()?;
        }
        while self.tok != Tok::Eof {
            if self.is("func") {
                self.func_decl()?;
            } else if self.is("var") {
                self.in_var_values = true;
                let r = self.gen_decl();
                self.in_var_values = false;
                r?;
            } else if self.is("const") || self.is("type") {
                self.gen_decl()?;
            } else {
                return Err(());
            }
            if self.tok != Tok::Eof {
                if self.tok != Tok::Semi {
                    return Err(());
                }
                self.next();
            }
        }
        Ok(())
    }

    fn gen_decl(&mut self) -> R {
        let kw = self.text;
        self.next();
        if self.got("(") {
            let mut first = true;
            while !self.is(")") && self.tok != Tok::Eof {
                self.spec(kw, first)?;
                first = false;
                self.semi()?;
            }
            self.expect(")")
        } else {
            self.spec(kw, true)
        }
    }

    fn spec(&mut self, kw: &str, first: bool) -> R {
        match kw {
            "import" => {
                if self.tok == Tok::Ident || self.is(".") {
                    self.next();
                }
                if self.tok != Tok::Str {
                    return Err(());
                }
                self.next();
                Ok(())
            }
            "type" => {
                self.ident()?;
                if self.is("[") {
                    // Type parameters, or an array type: tried in that order.
                    let m = self.mark();
                    if self.type_params().is_err() || !self.starts_type() {
                        self.reset(m);
                    }
                }
                self.got("=");
                self.ty()
            }
            _ => {
                self.ident_list()?;
                let typed = !self.is("=") && self.tok != Tok::Semi && !self.is(")");
                if typed {
                    self.ty()?;
                }
                if self.got("=") {
                    self.expr_list().map(|_| ())
                } else if (kw == "var" && !typed) || (kw == "const" && (first || typed)) {
                    // `var x` has neither; a constant's first spec, or a typed one, needs values.
                    Err(())
                } else {
                    Ok(())
                }
            }
        }
    }

    fn ident_list(&mut self) -> R {
        self.ident()?;
        while self.got(",") {
            self.ident()?;
        }
        Ok(())
    }

    /// `[P any, Q ~int | string]`.
    fn type_params(&mut self) -> R {
        self.expect("[")?;
        loop {
            self.ident_list()?;
            self.constraint()?;
            if !self.got(",") || self.is("]") {
                break;
            }
        }
        self.expect("]")
    }

    /// A union of terms, each `T` or `~T`.
    fn constraint(&mut self) -> R {
        loop {
            self.got("~");
            self.ty()?;
            if !self.got("|") {
                return Ok(());
            }
        }
    }

    fn func_decl(&mut self) -> R {
        self.expect("func")?;
        if self.is("(") {
            self.params()?;
        }
        self.ident()?;
        if self.is("[") {
            self.type_params()?;
        }
        self.signature()?;
        if self.is("{") {
            let open = self.offset() + 1;
            self.expect("{")?;
            self.enter()?;
            let r = self.at_lev(0, Self::stmt_list);
            self.leave();
            r?;
            // Only a `}` of the text: an inserted semicolon's text is not in the file.
            if !self.is("}") {
                return Err(());
            }
            let close = self.offset();
            self.expect("}")?;
            if let Some(b) = self.bodies.as_mut() {
                b.push((open, close));
            }
        }
        Ok(())
    }

    /// The byte offset of the current token in the file (a token read from the text).
    fn offset(&self) -> usize {
        self.text.as_ptr() as usize - self.base
    }

    fn signature(&mut self) -> R {
        self.params()?;
        if self.is("(") {
            self.params()
        } else if self.starts_type() {
            self.ty()
        } else {
            Ok(())
        }
    }

    /// `(a, b int, c ...string)`, `(int, string)`, `()`: each entry a type, or names and
    /// a type, read loosely (go/parser's grouping rules are the type checker's business
    /// here).
    fn params(&mut self) -> R {
        self.expect("(")?;
        // Every parameter is named or none is: with a name somewhere, an entry without one
        // must be a lone name (grouped, `a, b int`), and the last must have its type
        // (go/parser: "missing parameter name", "mixed named and unnamed parameters").
        let (mut named_any, mut typed_unnamed, mut last_bare) = (false, false, false);
        while !self.is(")") {
            if self.tok == Tok::Ident {
                // `name Type`, `name ...Type`, or a type starting with a name.
                let m = self.mark();
                self.next();
                let named = (self.starts_type() || self.is("...")) && !self.is(".") && {
                    let m2 = self.mark();
                    let ok = self.param_type().is_ok() && (self.is(",") || self.is(")"));
                    if !ok {
                        self.reset(m2);
                    }
                    ok
                };
                if named {
                    named_any = true;
                    last_bare = false;
                } else {
                    self.reset(m);
                    let before = self.ntok;
                    self.param_type()?;
                    last_bare = self.ntok == before + 1;
                    typed_unnamed |= !last_bare;
                }
            } else {
                self.param_type()?;
                typed_unnamed = true;
                last_bare = false;
            }
            if !self.got(",") {
                break;
            }
        }
        if named_any && (typed_unnamed || last_bare) {
            return Err(());
        }
        self.expect(")")
    }

    fn param_type(&mut self) -> R {
        self.got("...");
        self.ty()
    }

    fn starts_type(&self) -> bool {
        self.tok == Tok::Ident
            || [
                "*",
                "[",
                "(",
                "func",
                "map",
                "chan",
                "interface",
                "struct",
                "<-",
            ]
            .iter()
            .any(|o| self.is(o))
    }

    fn ty(&mut self) -> R {
        self.enter()?;
        let r = self.ty_inner();
        self.leave();
        r
    }

    fn ty_inner(&mut self) -> R {
        match self.tok {
            Tok::Ident => {
                self.next();
                if self.got(".") {
                    self.ident()?;
                }
                if self.is("[") {
                    self.type_args()?;
                }
                Ok(())
            }
            Tok::Op | Tok::Keyword => match self.text {
                "*" => {
                    self.next();
                    self.ty()
                }
                "(" => {
                    self.next();
                    self.ty()?;
                    self.expect(")")
                }
                "[" => {
                    self.next();
                    if !self.got("]") {
                        if !self.got("...") {
                            self.at_lev(self.lev.max(0) + 1, Self::expr)?;
                        }
                        self.expect("]")?;
                    }
                    self.ty()
                }
                "map" => {
                    self.next();
                    self.expect("[")?;
                    self.ty()?;
                    self.expect("]")?;
                    self.ty()
                }
                "chan" => {
                    self.next();
                    self.got("<-");
                    self.ty()
                }
                "<-" => {
                    self.next();
                    self.expect("chan")?;
                    self.ty()
                }
                "func" => {
                    self.next();
                    self.signature()
                }
                "struct" => self.struct_type(),
                "interface" => self.interface_type(),
                _ => Err(()),
            },
            _ => Err(()),
        }
    }

    fn type_args(&mut self) -> R {
        self.expect("[")?;
        loop {
            self.ty()?;
            if !self.got(",") || self.is("]") {
                break;
            }
        }
        self.expect("]")
    }

    fn struct_type(&mut self) -> R {
        self.expect("struct")?;
        self.expect("{")?;
        while !self.is("}") {
            if self.is("*") {
                self.next();
                self.embedded()?;
            } else if self.tok == Tok::Ident {
                let m = self.mark();
                self.next();
                if self.is(".") || self.tok == Tok::Str || self.tok == Tok::Semi || self.is("}") {
                    self.reset(m);
                    self.embedded()?;
                } else if self.is(",") {
                    self.next();
                    self.ident_list()?;
                    self.ty()?;
                } else if self.ty().is_err()
                    || !(self.tok == Tok::Str || self.tok == Tok::Semi || self.is("}"))
                {
                    self.reset(m);
                    self.embedded()?;
                }
            } else {
                return Err(());
            }
            if self.tok == Tok::Str {
                self.next();
            }
            self.semi()?;
        }
        self.expect("}")
    }

    /// An embedded field's type: `T`, `pkg.T`, with type arguments.
    fn embedded(&mut self) -> R {
        self.ident()?;
        if self.got(".") {
            self.ident()?;
        }
        if self.is("[") {
            self.type_args()?;
        }
        Ok(())
    }

    fn interface_type(&mut self) -> R {
        self.expect("interface")?;
        self.expect("{")?;
        while !self.is("}") {
            let m = self.mark();
            if self.tok == Tok::Ident {
                self.next();
                if self.is("(") {
                    self.signature()?;
                } else {
                    self.reset(m);
                    self.constraint()?;
                }
            } else {
                self.constraint()?;
            }
            self.semi()?;
        }
        self.expect("}")
    }

    fn block(&mut self) -> R {
        self.expect("{")?;
        self.enter()?;
        let r = self.at_lev(0, Self::stmt_list);
        self.leave();
        r?;
        self.expect("}")
    }

    fn stmt_list(&mut self) -> R {
        while !self.is("}") && !self.is("case") && !self.is("default") && self.tok != Tok::Eof {
            self.stmt()?;
            if self.is("}") || self.is("case") || self.is("default") {
                break;
            }
            if self.tok != Tok::Semi {
                return Err(());
            }
            self.next();
        }
        Ok(())
    }

    fn stmt(&mut self) -> R {
        self.enter()?;
        let r = self.stmt_inner();
        self.leave();
        r
    }

    fn stmt_inner(&mut self) -> R {
        if self.tok == Tok::Semi {
            return Ok(());
        }
        if self.tok == Tok::Keyword {
            match self.text {
                "var" | "const" | "type" => return self.gen_decl(),
                "go" | "defer" => {
                    // A call, not parenthesized (`(f)()` is one, `(f())` is not).
                    self.next();
                    self.unary()?;
                    return if self.ntok == self.call_end && self.prec() == 0 {
                        Ok(())
                    } else {
                        Err(())
                    };
                }
                "return" => {
                    self.next();
                    if self.tok != Tok::Semi && !self.is("}") {
                        self.expr_list()?;
                    }
                    return Ok(());
                }
                "break" | "continue" => {
                    self.next();
                    if self.tok == Tok::Ident {
                        self.next();
                    }
                    return Ok(());
                }
                // A `goto` names its label.
                "goto" => {
                    self.next();
                    return self.ident();
                }
                "fallthrough" => {
                    self.next();
                    return Ok(());
                }
                "if" => return self.if_stmt(),
                "switch" => return self.switch_stmt(),
                "select" => return self.select_stmt(),
                "for" => return self.for_stmt(),
                "func" | "struct" | "map" | "chan" | "interface" => {}
                _ => return Err(()),
            }
        }
        if self.is("{") {
            return self.block();
        }
        // A label.
        if self.tok == Tok::Ident {
            let m = self.mark();
            self.next();
            if self.is(":") {
                self.next();
                if self.is("}") {
                    return Ok(());
                }
                return self.stmt();
            }
            self.reset(m);
        }
        self.simple(false).map(|_| ())
    }

    /// A simple statement; `range` is taken where `range_ok` (a for clause).
    fn simple(&mut self, range_ok: bool) -> Result<Simple, ()> {
        if range_ok && self.is("range") {
            self.next();
            self.expr()?;
            return Ok(Simple::Range);
        }
        let n = self.expr_list()?;
        let mut kind = if n == 1 { Simple::Expr } else { Simple::Other };
        match (self.tok, self.text) {
            (
                Tok::Op,
                ":=" | "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>="
                | "&^=",
            ) => {
                let plain = matches!(self.text, ":=" | "=");
                self.next();
                if range_ok && plain && self.is("range") {
                    self.next();
                    self.expr()?;
                    return Ok(Simple::Range);
                }
                self.expr_list()?;
                kind = Simple::Other;
            }
            (Tok::Op, "++" | "--" | "<-") => {
                let send = self.text == "<-";
                self.next();
                if send {
                    self.expr()?;
                }
                kind = Simple::Other;
            }
            // A list of expressions is no statement.
            _ if n > 1 => return Err(()),
            _ => {}
        }
        Ok(kind)
    }

    fn if_stmt(&mut self) -> R {
        self.expect("if")?;
        self.at_lev(-1, |p| {
            if p.tok == Tok::Semi {
                p.next();
                return p.expr();
            }
            let k = p.simple(false)?;
            if p.tok == Tok::Semi {
                p.next();
                p.expr()
            } else if k != Simple::Expr {
                Err(())
            } else {
                Ok(())
            }
        })?;
        self.block()?;
        if self.got("else") {
            if self.is("if") {
                self.if_stmt()?;
            } else {
                self.block()?;
            }
        }
        Ok(())
    }

    fn switch_stmt(&mut self) -> R {
        self.expect("switch")?;
        if !self.is("{") {
            self.at_lev(-1, |p| {
                let mut tag = Simple::Expr;
                if p.tok != Tok::Semi {
                    tag = p.switch_header()?;
                }
                if p.tok == Tok::Semi {
                    p.next();
                    tag = Simple::Expr;
                    if !p.is("{") {
                        tag = p.switch_header()?;
                    }
                }
                // The tag is an expression or a type switch guard.
                if tag == Simple::Other {
                    Err(())
                } else {
                    Ok(())
                }
            })?;
        }
        self.expect("{")?;
        while self.is("case") || self.is("default") {
            if self.got("case") {
                self.expr_list()?;
            } else {
                self.next();
            }
            self.expect(":")?;
            self.stmt_list()?;
        }
        self.expect("}")
    }

    /// A switch header: a simple statement, or a type switch guard (`x := y.(type)`, as
    /// `Simple::Range`: a tag that is no expression and still may stand).
    fn switch_header(&mut self) -> Result<Simple, ()> {
        let m = self.mark();
        if self.tok == Tok::Ident {
            self.next();
            if self.got(":=") && self.type_guard().is_ok() {
                return Ok(Simple::Range);
            }
            self.reset(m.clone());
        }
        if self.type_guard().is_ok() {
            return Ok(Simple::Range);
        }
        self.reset(m);
        self.simple(false)
    }

    /// `y.(type)`, ending the header.
    fn type_guard(&mut self) -> R {
        self.primary_until_type_guard()?;
        if self.tok == Tok::Semi || self.is("{") {
            Ok(())
        } else {
            Err(())
        }
    }

    fn select_stmt(&mut self) -> R {
        self.expect("select")?;
        self.expect("{")?;
        while self.is("case") || self.is("default") {
            if self.got("case") {
                self.simple(false)?;
            } else {
                self.next();
            }
            self.expect(":")?;
            self.stmt_list()?;
        }
        self.expect("}")
    }

    fn for_stmt(&mut self) -> R {
        self.expect("for")?;
        if !self.is("{") {
            self.at_lev(-1, |p| {
                let mut kind = Simple::Other;
                if p.tok != Tok::Semi {
                    kind = p.simple(true)?;
                }
                if kind == Simple::Range || (kind == Simple::Expr && p.tok != Tok::Semi) {
                    return Ok(());
                }
                // A lone clause is a condition or a range; else `init; cond; post`.
                if p.tok != Tok::Semi {
                    return Err(());
                }
                p.next();
                if p.tok != Tok::Semi {
                    p.expr()?;
                }
                if p.tok != Tok::Semi {
                    return Err(());
                }
                p.next();
                if !p.is("{") {
                    p.simple(false)?;
                }
                Ok(())
            })?;
        }
        self.block()
    }

    /// An expression list: how many.
    fn expr_list(&mut self) -> Result<usize, ()> {
        self.expr()?;
        let mut n = 1;
        while self.got(",") {
            self.expr()?;
            n += 1;
        }
        Ok(n)
    }

    fn expr(&mut self) -> R {
        self.enter()?;
        let r = self.binary(1);
        self.leave();
        r
    }

    fn prec(&self) -> u8 {
        if self.tok != Tok::Op {
            return 0;
        }
        match self.text {
            "||" => 1,
            "&&" => 2,
            "==" | "!=" | "<" | "<=" | ">" | ">=" => 3,
            "+" | "-" | "|" | "^" => 4,
            "*" | "/" | "%" | "<<" | ">>" | "&" | "&^" => 5,
            _ => 0,
        }
    }

    fn binary(&mut self, min: u8) -> R {
        self.unary()?;
        loop {
            let p = self.prec();
            if p < min || p == 0 {
                return Ok(());
            }
            self.next();
            self.enter()?;
            let r = self.binary(p + 1);
            self.leave();
            r?;
        }
    }

    fn unary(&mut self) -> R {
        if self.tok == Tok::Op && matches!(self.text, "+" | "-" | "!" | "^" | "*" | "&" | "<-") {
            let recv = self.text == "<-";
            self.next();
            if recv && self.is("chan") {
                // `<-chan T`, a type.
                self.next();
                self.ty()?;
                return self.postfix(Lit::Never);
            }
            self.enter()?;
            let r = self.unary();
            self.leave();
            return r;
        }
        let lit = self.operand()?;
        self.postfix(lit)
    }

    /// An operand, and whether `{` after it may open a composite literal.
    fn operand(&mut self) -> Result<Lit, ()> {
        match self.tok {
            Tok::Ident => {
                self.next();
                Ok(Lit::Name)
            }
            Tok::Lit | Tok::Str => {
                self.next();
                Ok(Lit::Never)
            }
            Tok::Op if self.text == "(" => {
                self.next();
                let mut ahead = self.s.clone();
                let mut first = (self.tok, self.text);
                while first == (Tok::Op, "(") {
                    first = ahead.next().unwrap_or((Tok::Eof, ""));
                }
                let typed = matches!(first, (Tok::Op, "[") | (Tok::Keyword, "struct" | "map"));
                self.at_lev(self.lev.max(0) + 1, Self::expr_or_type)?;
                self.expect(")")?;
                Ok(if typed { Lit::ParenType } else { Lit::Paren })
            }
            Tok::Keyword if self.text == "func" => {
                self.next();
                self.signature()?;
                if self.is("{") {
                    self.collected(Self::block)?;
                }
                Ok(Lit::Never)
            }
            Tok::Op | Tok::Keyword if matches!(self.text, "[" | "struct" | "map") => {
                self.ty()?;
                Ok(Lit::Type)
            }
            Tok::Keyword if matches!(self.text, "chan" | "interface") => {
                self.ty()?;
                Ok(Lit::Never)
            }
            _ => Err(()),
        }
    }

    /// An expression or a type (a conversion's, a call's argument to `make` or `new`, a
    /// type argument): types read as expressions where they can, as go/parser does.
    fn expr_or_type(&mut self) -> R {
        let m = self.mark();
        if self.expr().is_ok()
            && (self.is(")") || self.is(",") || self.is("]") || self.is(":") || self.is("..."))
        {
            return Ok(());
        }
        self.reset(m);
        self.ty()
    }

    /// Selectors, indices, calls, assertions and composite literals after an operand. `{`
    /// opens a literal after a type literal (`[]T`, `map[K]V`, `struct{..}`) anywhere, and
    /// after a name, a selector or an index only outside a control clause's header, where
    /// it opens the block (go/parser's rule).
    fn postfix(&mut self, mut lit: Lit) -> R {
        loop {
            match (self.tok, self.text) {
                (Tok::Op, "." | "[" | "(") => {
                    lit = match self.postfix_one()? {
                        Step::Selector => Lit::Name,
                        Step::Index if lit != Lit::Never => Lit::Name,
                        Step::Index | Step::Assertion | Step::Call => Lit::Never,
                    };
                }
                (Tok::Op, "{") if lit == Lit::ParenType || (lit == Lit::Paren && self.lev >= 0) => {
                    return Err(());
                }
                (Tok::Op, "{") if lit == Lit::Type || (lit == Lit::Name && self.lev >= 0) => {
                    self.literal_value()?;
                    lit = Lit::Never;
                }
                _ => return Ok(()),
            }
        }
    }

    fn index_body(&mut self) -> R {
        if !self.is(":") {
            self.expr_or_type()?;
        }
        if self.got(":") {
            let middle = !self.is("]") && !self.is(":");
            if middle {
                self.expr()?;
            }
            if self.got(":") {
                // `a[i:j:k]`: the middle and the last index are required.
                if !middle {
                    return Err(());
                }
                self.expr()?;
            }
        } else {
            // `f[A, B]` instantiates: every argument after the first is a type (go/parser's
            // rule; the first is the type checker's to judge).
            while self.got(",") {
                if self.is("]") {
                    break;
                }
                self.ty()?;
            }
        }
        Ok(())
    }

    fn call_args(&mut self) -> R {
        while !self.is(")") {
            self.expr_or_type()?;
            if self.got("...") {
                // Only the last argument is spread.
                self.got(",");
                return Ok(());
            }
            if !self.got(",") {
                break;
            }
        }
        Ok(())
    }

    fn literal_value(&mut self) -> R {
        self.collected(Self::literal_value_inner)
    }

    /// `read` of a `{ ... }` at the current token, whose inside is collected as a body when
    /// in a package-level variable's values (see [`function_bodies`]).
    fn collected(&mut self, read: fn(&mut Self) -> R) -> R {
        if !self.in_var_values || self.bodies.is_none() || !self.is("{") {
            return read(self);
        }
        let open = self.offset() + 1;
        self.in_var_values = false;
        let r = read(self);
        self.in_var_values = true;
        r?;
        // `read` ends with the `}` it matched.
        let close = self.last_close;
        if let Some(b) = self.bodies.as_mut() {
            b.push((open, close));
        }
        Ok(())
    }

    fn literal_value_inner(&mut self) -> R {
        self.expect("{")?;
        self.enter()?;
        let r = self.at_lev(0, |p| {
            while !p.is("}") {
                p.element()?;
                if p.got(":") {
                    p.element()?;
                }
                if !p.got(",") {
                    break;
                }
            }
            Ok(())
        });
        self.leave();
        r?;
        self.expect("}")
    }

    fn element(&mut self) -> R {
        if self.is("{") {
            self.literal_value()
        } else {
            self.expr()
        }
    }

    /// The primary expression of a type switch guard, ending in `.(type)`.
    fn primary_until_type_guard(&mut self) -> R {
        self.operand()?;
        loop {
            if self.is(".") {
                let m = self.mark();
                self.next();
                if self.got("(") && self.got("type") {
                    return self.expect(")");
                }
                self.reset(m);
            }
            let before = self.s.pos;
            // One postfix step at a time: a selector, index, call or literal.
            match (self.tok, self.text) {
                (Tok::Op, "." | "[" | "(") => {
                    self.postfix_one()?;
                }
                _ => return Err(()),
            }
            if self.s.pos == before {
                return Err(());
            }
        }
    }

    /// One selector (`.f`), type assertion (`.(T)`, never `.(type)`), index or slice, or
    /// call, at its first token.
    fn postfix_one(&mut self) -> Result<Step, ()> {
        let inner = self.lev.max(0) + 1;
        match self.text {
            "." => {
                self.next();
                if self.tok == Tok::Ident {
                    self.next();
                    return Ok(Step::Selector);
                }
                self.expect("(")?;
                self.ty()?;
                self.expect(")")?;
                Ok(Step::Assertion)
            }
            "[" => {
                self.next();
                self.at_lev(inner, Self::index_body)?;
                self.expect("]")?;
                Ok(Step::Index)
            }
            _ => {
                self.next();
                self.at_lev(inner, Self::call_args)?;
                self.expect(")")?;
                self.call_end = self.ntok;
                Ok(Step::Call)
            }
        }
    }

    /// Runs `f` at expression level `lev` (go/parser's exprLev), the level restored after.
    fn at_lev<T>(&mut self, lev: i32, f: impl FnOnce(&mut Self) -> Result<T, ()>) -> Result<T, ()> {
        let saved = self.lev;
        self.lev = lev;
        let r = f(self);
        self.lev = saved;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn takes_go() {
        for src in [
            "package p\n",
            "package p\n\nimport (\n\t\"fmt\"\n\tx \"os\"\n\t. \"io\"\n)\n\nfunc main() { fmt.Println(x.Args) }\n",
            "package p\n\ntype T[P any, Q ~int | ~string] struct {\n\ta, b int `json:\"a\"`\n\t*io.Reader\n\tG[int]\n}\n\ntype A [N]int\ntype S []T[int, string]\n",
            "package p\n\nfunc f[T comparable](xs ...T) (n int, err error) {\n\tfor i := range xs {\n\t\tif x := xs[i]; x == xs[0] {\n\t\t\tn++\n\t\t}\n\t}\n\tswitch v := any(n).(type) {\n\tcase int, []string, map[string]int, func() error, chan<- int:\n\t\t_ = v\n\tdefault:\n\t}\n\treturn\n}\n",
            "package p\n\nvar m = map[string][]int{\"a\": {1, 2}, \"b\": nil}\nvar c = make(chan int, 1)\nvar s = []struct{ X int }{{1}, {X: 2}}\nvar f = func(a, b int) int { return a &^ b << 2 }\n",
            "package p\n\nfunc g(ch chan int) {\nL:\n\tfor {\n\t\tselect {\n\t\tcase v, ok := <-ch:\n\t\t\t_, _ = v, ok\n\t\t\tbreak L\n\t\tcase ch <- 1:\n\t\tdefault:\n\t\t\tcontinue L\n\t\t}\n\t}\n\tif p := (T{}); p.x {\n\t}\n\tgo func() {}()\n\tdefer close(ch)\n\tx := 0x1p-2 + 1e+3 + 'a' + '\\n' + 0o17\n\t_ = x\n\tgoto L\n}\n",
            "package p\n\ntype I interface {\n\tM(int) string\n\tio.Reader\n\t~int | float64\n}\n\nconst (\n\tA = iota\n\tB\n)\n",
            "package p\n\nfunc h() { a[1:2:3] = b[:]; var _ = <-chan int(nil); x.(*T).f = 1 }\n",
            "package p\n\nfunc k() { defer (func() {})(); defer f()(); go func() {}(); defer x.y[1](2); var _ = 0x1p-2 + 1_000 + 0b1_0 + 0o7 + 0_7 + 08.5 + 1i + 0x_1F }\n",
            "package p\n\nfunc n(int, *T, []byte, p.Q) {}\nfunc o(a, b int, c ...string) {}\nvar _ func(x, y int)\nvar _ func(int, string) (a, b int)\n",
            "package p\n\nfunc m(a, b, c bool, x int) {\n\tif (a || b) && c {\n\t}\n\tif (a) {\n\t}\n\tfor (x) < 3 {\n\t}\n\t_ = (x)\n\t_ = ([]int{1})[0]\n\t_ = (p.T)[int]{}\n}\n",
        ] {
            assert!(valid(src), "{src}");
        }
    }

    #[test]
    fn rejects_what_is_not() {
        for src in [
            "",
            "package p\n\n(\n\t\"fmt\"\n)\n",
            "package p\n\nint\n",
            "package p\n\nfunc () {}\n",
            "package p\n\nfunc f() {\n\tx := \n}\n",
            "package p\n\nfunc f() {\n\tif x {\n\t}\n\telse {\n\t}\n}\n",
            "package p\n\nvar s = \"abc\n",
            "package p\n\nfunc f() { a := [}\n",
            "package p\n\n/* open",
            "package p\n\nfunc f() { x.(type) }\n",
            "package p\n\nfunc f() {\n\tgoto\n}\n",
            "package p\n\nfunc f() { goto }\n",
            "package p\n\nvar x = (T){}\n",
            "package p\n\nvar x = ([]int){1}\n",
            "package p\n\nfunc f() {\n\tif ((map[int]int)) {\n\t}\n}\n",
            "package p\n\nfunc f() { # }\n",
            "package p\n\nconst X\n",
            "package p\n\nfunc f() { if x = 1 {} }\n",
            "package p\n\nfunc f() { for x = 1 {} }\n",
            "package p\n\nfunc f() { switch x := 1 {} }\n",
            "package p\n\nfunc f() { g(a..., b) }\n",
            "package p\n\nfunc f() { g(7... , b) }\n",
            "package p\n\nvar x = 2interface\n",
            "package p\n\nvar x = 1e-\n",
            "package p\n\nvar x = 0x1.8\n",
            "package p\n\nvar x = 089\n",
            "package p\n\nvar x = 1__0\n",
            "package p\n\nfunc f() { _ = a[: :n] }\n",
            "package p\n\nfunc f() { defer (g()) }\n",
            "package p\n\nfunc f() { defer g }\n",
            "package p\n\nfunc f() { go g() + h() }\n",
            "package p\n\nfunc f() { a, b }\n",
            "package p\n\nfunc f() { _ = x[A, 72] }\n",
            // Named and unnamed parameters mixed (found by the fuzz target).
            "package p\n\nfunc f(*T, a int) {}\n",
            "package p\n\nfunc f(a int, b) {}\n",
            "package p\n\nfunc f(a int, []byte) {}\n",
        ] {
            assert!(!valid(src), "{src}");
        }
    }

    #[test]
    fn deep_nesting_is_left_to_the_grammar() {
        let src = format!(
            "package p\n\nvar x = {}1{}\n",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        assert!(!valid(&src));
    }
}
