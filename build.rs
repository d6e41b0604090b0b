//! Builds the Go grammar: tree-sitter-go 0.25.0 with gomapfix's patch (grammar/README.md).

fn main() {
    let src = std::path::Path::new("grammar/src");
    cc::Build::new()
        .std("c11")
        .include(src)
        .file(src.join("parser.c"))
        .warnings(false)
        .compile("tree-sitter-go-gomapfix");
    println!("cargo:rerun-if-changed=grammar/src/parser.c");
    println!("cargo:rerun-if-changed=grammar/src/tree_sitter/parser.h");
}
