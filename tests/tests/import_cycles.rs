//! No import cycles between the files of `actor-core` and of `actor-macros`.
//!
//! A file depends on another when it names an item defined there: through a `use`, or a path
//! such as `crate::a::B` or `super::b::C` in its code. Re-exports (`pub use`,
//! `pub(crate) use`) are followed to the file that defines the item, and are not
//! dependencies themselves: a module that gathers its children's items for others does not
//! depend on them. Test modules (`#[cfg(test)] mod ...`) are left out.
//!
//! When two files need each other, the shared piece belongs in a third file below both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// One file of a crate, as a module.
struct Module {
    /// The module's path from the crate root (`["actor", "mailbox"]`).
    path: Vec<String>,
    /// Paths its code uses, made absolute (from the crate root).
    uses: Vec<Vec<String>>,
    /// The names it re-exports, each with the absolute path it stands for.
    reexports: BTreeMap<String, Vec<String>>,
}

/// The modules of the crate whose sources are in `src`, by file.
fn modules(src: &Path) -> BTreeMap<PathBuf, Module> {
    let mut files = Vec::new();
    collect_files(src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let path = module_path(src, &file);
            let text = std::fs::read_to_string(&file).expect("a readable source file");
            let syntax = syn::parse_file(&text).expect("a source file that parses");
            let mut reader = UseReader {
                module: path.clone(),
                children: children(&file),
                uses: Vec::new(),
                reexports: BTreeMap::new(),
            };
            reader.visit_file(&syntax);
            let module = Module {
                path,
                uses: reader.uses,
                reexports: reader.reexports,
            };
            (file, module)
        })
        .collect()
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("a readable source folder");
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            collect_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// `lib.rs` -> `[]`, `a/mod.rs` and `a.rs` -> `[a]`, `a/b.rs` -> `[a, b]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("a file under src");
    let mut path: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
        path.pop();
    }
    path
}

/// The names of the child modules that have a file of their own, next to `file`.
fn children(file: &Path) -> BTreeSet<String> {
    let stem = file.file_stem().expect("a file name").to_string_lossy();
    let dir = match stem.as_ref() {
        "mod" | "lib" => file.parent().expect("a folder").to_path_buf(),
        _ => file.with_extension(""),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeSet::new();
    };
    entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_stem()?.to_string_lossy().into_owned();
            (path.is_dir() || path.extension().is_some_and(|ext| ext == "rs")).then_some(name)
        })
        .collect()
}

/// Reads the paths one file uses.
struct UseReader {
    module: Vec<String>,
    children: BTreeSet<String>,
    uses: Vec<Vec<String>>,
    reexports: BTreeMap<String, Vec<String>>,
}

impl UseReader {
    /// `segments` made absolute, if they start at `crate`, `super`, `self` or a child
    /// module of this file.
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        let (first, rest) = segments.split_first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut base = self.module.clone();
                base.pop()?;
                base
            }
            child if self.children.contains(child) => {
                let mut base = self.module.clone();
                base.push(child.to_owned());
                base
            }
            _ => return None,
        };
        let mut rest = rest.iter().peekable();
        while rest.peek().is_some_and(|segment| *segment == "super") {
            base.pop()?;
            rest.next();
        }
        base.extend(rest.cloned());
        Some(base)
    }

    /// Notes the paths of a `use` tree under `prefix`; re-exported ones as re-exports.
    fn read_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, reexport: bool) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.read_tree(prefix, &path.tree, reexport);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                let name = name.ident.to_string();
                self.note(prefix, &name, &name, reexport);
            }
            syn::UseTree::Rename(rename) => {
                let (name, alias) = (rename.ident.to_string(), rename.rename.to_string());
                self.note(prefix, &name, &alias, reexport);
            }
            syn::UseTree::Glob(_) => self.note(prefix, "*", "*", reexport),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.read_tree(prefix, tree, reexport);
                }
            }
        }
    }

    fn note(&mut self, prefix: &[String], name: &str, alias: &str, reexport: bool) {
        let mut segments = prefix.to_vec();
        if name != "self" {
            segments.push(name.to_owned());
        }
        let Some(path) = self.absolute(&segments) else {
            return;
        };
        if reexport {
            self.reexports.insert(alias.to_owned(), path);
        } else {
            self.uses.push(path);
        }
    }
}

impl<'ast> Visit<'ast> for UseReader {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let reexport = !matches!(item.vis, syn::Visibility::Inherited);
        self.read_tree(&mut Vec::new(), &item.tree, reexport);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        // Inline modules (tests, the prelude, `__private`) are not read: their `super` is
        // another module than the file's, and what they hold is tests or re-exports.
        let _ = item;
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        if segments.len() > 1
            && let Some(path) = self.absolute(&segments)
        {
            self.uses.push(path);
        }
        syn::visit::visit_path(self, path);
    }
}

/// The file that defines the item `path` names, following re-exports.
fn defining_file(
    modules: &BTreeMap<PathBuf, Module>,
    by_path: &BTreeMap<Vec<String>, PathBuf>,
    path: &[String],
    depth: usize,
) -> Option<PathBuf> {
    let mut module: Vec<String> = Vec::new();
    for (index, segment) in path.iter().enumerate() {
        let mut child = module.clone();
        child.push(segment.clone());
        if by_path.contains_key(&child) {
            module = child;
            continue;
        }
        let file = by_path.get(&module)?;
        if depth < 8
            && let Some(target) = modules[file].reexports.get(segment)
        {
            let mut target = target.clone();
            target.extend(path[index + 1..].iter().cloned());
            return defining_file(modules, by_path, &target, depth + 1);
        }
        return Some(file.clone());
    }
    by_path.get(&module).cloned()
}

/// Every dependency between two files of the crate in `src`, with the paths behind it.
fn dependencies(src: &Path) -> BTreeMap<PathBuf, BTreeMap<PathBuf, BTreeSet<String>>> {
    let modules = modules(src);
    let by_path: BTreeMap<Vec<String>, PathBuf> = modules
        .iter()
        .map(|(file, module)| (module.path.clone(), file.clone()))
        .collect();
    let mut edges: BTreeMap<PathBuf, BTreeMap<PathBuf, BTreeSet<String>>> = BTreeMap::new();
    for (file, module) in &modules {
        for used in &module.uses {
            let Some(target) = defining_file(&modules, &by_path, used, 0) else {
                continue;
            };
            if &target != file {
                let edge = edges.entry(file.clone()).or_default();
                edge.entry(target).or_default().insert(used.join("::"));
            }
        }
    }
    edges
}

/// The groups of files that depend on each other in a circle (Tarjan's strongly connected
/// components of more than one file).
fn circles(edges: &BTreeMap<PathBuf, BTreeMap<PathBuf, BTreeSet<String>>>) -> Vec<Vec<PathBuf>> {
    struct Search<'a> {
        edges: &'a BTreeMap<PathBuf, BTreeMap<PathBuf, BTreeSet<String>>>,
        index: BTreeMap<&'a PathBuf, usize>,
        low: BTreeMap<&'a PathBuf, usize>,
        stack: Vec<&'a PathBuf>,
        circles: Vec<Vec<PathBuf>>,
    }
    impl<'a> Search<'a> {
        fn visit(&mut self, file: &'a PathBuf) {
            let number = self.index.len();
            self.index.insert(file, number);
            self.low.insert(file, number);
            self.stack.push(file);
            for next in self.edges.get(file).into_iter().flat_map(|to| to.keys()) {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[file].min(self.low[next]);
                    self.low.insert(file, low);
                } else if self.stack.contains(&next) {
                    let low = self.low[file].min(self.index[next]);
                    self.low.insert(file, low);
                }
            }
            if self.low[file] == self.index[file] {
                let mut circle = Vec::new();
                while let Some(member) = self.stack.pop() {
                    circle.push(member.clone());
                    if member == file {
                        break;
                    }
                }
                if circle.len() > 1 {
                    circle.sort();
                    self.circles.push(circle);
                }
            }
        }
    }
    let mut search = Search {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        circles: Vec::new(),
    };
    for file in edges.keys() {
        if !search.index.contains_key(file) {
            search.visit(file);
        }
    }
    search.circles
}

/// Fails with every circle found in the crate at `crate_dir`, and the paths that tie it.
fn assert_no_circles(crate_dir: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_dir)
        .join("src");
    let edges = dependencies(&src);
    let circles = circles(&edges);
    let mut report = String::new();
    for circle in &circles {
        report.push_str("circle:\n");
        for from in circle {
            for (to, paths) in &edges[from] {
                if circle.contains(to) {
                    let names: Vec<&str> = paths.iter().map(String::as_str).collect();
                    let from = from.strip_prefix(&src).unwrap_or(from).display();
                    let to = to.strip_prefix(&src).unwrap_or(to).display();
                    report.push_str(&format!("  {from} -> {to}: {}\n", names.join(", ")));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import cycles in {crate_dir}:\n{report}"
    );
}

#[test]
fn actor_core_has_no_import_cycles() {
    assert_no_circles("actor-core");
}

#[test]
fn actor_macros_has_no_import_cycles() {
    assert_no_circles("actor-macros");
}

/// The check finds a circle where there is one.
#[test]
fn a_circle_of_two_files_is_found() {
    let dir = std::env::temp_dir().join(format!("import-cycles-{}", std::process::id()));
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("a temporary folder");
    let write = |name: &str, text: &str| std::fs::write(src.join(name), text).expect("written");
    write("lib.rs", "mod a;\nmod b;\nmod c;\npub use a::A;\n");
    write("a.rs", "use crate::b::B;\npub struct A(B);\n");
    write("b.rs", "pub struct B;\nfn f() -> crate::A { todo!() }\n");
    write("c.rs", "use super::a::A;\n");
    let circles = circles(&dependencies(&src));
    std::fs::remove_dir_all(&dir).expect("removed");
    assert_eq!(circles, vec![vec![src.join("a.rs"), src.join("b.rs")]]);
}
