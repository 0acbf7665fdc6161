//! No import circle among the files of `src/`: a file may use another only if
//! that one does not, directly or through others, use it back. A circle makes
//! the files one unit in practice (none can be read, tested or moved without
//! the others), whatever the module tree says.
//!
//! The check reads the sources as text (no compiler, no dependency): it finds
//! `use` declarations and qualified paths (`crate::…`, `super::…`, `self::…`,
//! child modules, names bound by a `use`), resolves each to the file that
//! *defines* the item, following re-exports (`pub use x::Y` in a `mod.rs`:
//! a parent that only re-exports a child is not in a circle with it), and
//! lists the strongly connected groups of the resulting graph. A glob import
//! (`use super::*`) depends on the whole module it names. Code under
//! `#[cfg(test)]` and files declared by `#[cfg(test)] mod x;` do not count:
//! tests may reach anywhere. `src/main.rs` is the binary, outside the library.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

#[test]
fn the_files_of_src_import_each_other_without_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = read_sources(&root.join("src"));
    let graph = Graph::of(&files);
    let mut report = String::new();
    for cycle in graph.cycles() {
        report.push_str(&graph.describe(&cycle));
    }
    assert!(report.is_empty(), "import circles among the files of src/:\n{report}");
}

/// Every `.rs` file under `src`, as (`src/…` path with `/`, text).
fn read_sources(src: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src.parent().unwrap()).unwrap();
                let rel =
                    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
                files.push((rel.join("/"), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

// ------------------------------------------------------------------ lexing

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Sep,
    Punct(char),
}

/// The tokens of `text` with their lines; comments, literals and lifetimes dropped.
fn lex(text: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= c.len() {
                    break;
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&c, i) {
            // r"…", r#"…"#, br"…", cr"…"
            i += hashes.0;
            let closing: Vec<char> =
                std::iter::once('"').chain(std::iter::repeat_n('#', hashes.1)).collect();
            while i < c.len() && !c[i..].starts_with(&closing) {
                line += usize::from(c[i] == '\n');
                i += 1;
            }
            i += closing.len();
        } else if ch == '"' || ((ch == 'b' || ch == 'c') && at(i + 1) == '"') {
            i += if ch == '"' { 1 } else { 2 };
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                line += usize::from(at(i) == '\n');
                i += 1;
            }
            i += 1;
        } else if ch == '\'' || (ch == 'b' && at(i + 1) == '\'') {
            let start = if ch == 'b' { i + 1 } else { i };
            if at(start + 1) == '\\' {
                i = start + 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(start + 2) == '\'' {
                i = start + 3;
            } else {
                // A lifetime or label.
                i = start + 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if ch.is_alphabetic() || ch == '_' {
            if ch == 'r' && at(i + 1) == '#' {
                i += 2;
            }
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            out.push((Tok::Ident(c[start..i].iter().collect()), line));
        } else if ch.is_ascii_digit() {
            while at(i).is_alphanumeric()
                || at(i) == '_'
                || (at(i) == '.' && at(i + 1).is_ascii_digit())
            {
                i += 1;
            }
        } else if ch == ':' && at(i + 1) == ':' {
            out.push((Tok::Sep, line));
            i += 2;
        } else {
            out.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    out
}

/// At a raw string literal: (characters up to and including its opening quote, number of `#`).
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if matches!(c.get(j), Some('b' | 'c')) {
        j += 1;
    }
    if c.get(j) != Some(&'r') || (i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_')) {
        return None;
    }
    j += 1;
    let hashes = c[j..].iter().take_while(|&&h| h == '#').count();
    (c.get(j + hashes) == Some(&'"')).then_some((j + hashes + 1 - i, hashes))
}

// ------------------------------------------------------------------ parsing

/// What one file says: its modules, items, `use` bindings and paths.
#[derive(Debug, Default)]
struct Parsed {
    /// Child modules declared `#[cfg(test)] mod x;`: test-only files.
    test_children: Vec<String>,
    /// Inline modules (`mod x { … }`), as paths relative to the file's module.
    inline: Vec<Vec<String>>,
    /// Items defined, by (relative) module.
    defs: Vec<(Vec<String>, String)>,
    /// `use` bindings, by (relative) module.
    uses: Vec<(Vec<String>, Use)>,
    /// Qualified paths in code: (relative module, path, line).
    paths: Vec<(Vec<String>, Vec<String>, usize)>,
}

#[derive(Debug, Clone)]
struct Use {
    path: Vec<String>,
    /// The name bound, `None` for a glob.
    name: Option<String>,
    line: usize,
}

const ITEM_KEYWORDS: &[&str] =
    &["fn", "struct", "enum", "trait", "type", "const", "static", "union", "mod"];

fn parse(text: &str) -> Parsed {
    let toks = lex(text);
    let mut p = Parsed::default();
    let ident = |i: usize| match toks.get(i) {
        Some((Tok::Ident(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let punct = |i: usize, ch: char| matches!(toks.get(i), Some((Tok::Punct(c), _)) if *c == ch);
    let sep = |i: usize| matches!(toks.get(i), Some((Tok::Sep, _)));
    // An attribute `#[…]` or `#![…]` at i: (index after it, is it `cfg(test)`).
    let attribute = |i: usize| -> Option<(usize, bool)> {
        if !punct(i, '#') {
            return None;
        }
        let open = if punct(i + 1, '!') { i + 2 } else { i + 1 };
        if !punct(open, '[') {
            return None;
        }
        let end = matching(&toks, open);
        let inner: Vec<&Tok> = toks[open + 1..end].iter().map(|(t, _)| t).collect();
        let test = inner
            == [
                &Tok::Ident("cfg".into()),
                &Tok::Punct('('),
                &Tok::Ident("test".into()),
                &Tok::Punct(')'),
            ];
        Some((end + 1, test))
    };
    if let Some((_, true)) = attribute(0).filter(|_| punct(1, '!')) {
        return p; // #![cfg(test)]: the whole file is a test.
    }
    // Module stack: (relative path, brace depth inside it).
    let mut modules: Vec<(Vec<String>, usize)> = vec![(vec![], 0)];
    let mut depth = 0;
    let mut i = 0;
    while i < toks.len() {
        let module = modules.last().unwrap().0.clone();
        let top = depth == modules.last().unwrap().1;
        if let Some((after, test)) = attribute(i) {
            i = after;
            if test {
                while let Some((after, _)) = attribute(i) {
                    i = after;
                }
                let item = skip_visibility(&toks, i);
                if ident(item) == Some("mod") && punct(item + 2, ';') {
                    if module.is_empty() {
                        p.test_children.push(ident(item + 1).unwrap().to_string());
                    }
                    i = item + 3;
                } else {
                    i = skip_item(&toks, i);
                }
            }
            continue;
        }
        match &toks[i].0 {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth -= 1;
                if modules.len() > 1 && depth < modules.last().unwrap().1 {
                    modules.pop();
                }
            }
            Tok::Ident(word) if word == "use" => {
                let line = toks[i].1;
                let (end, entries) = use_tree(&toks, i + 1, vec![]);
                for (path, name) in entries {
                    p.uses.push((module.clone(), Use { path, name, line }));
                }
                i = end;
                continue;
            }
            Tok::Ident(word) if word == "macro_rules" && punct(i + 1, '!') => {
                if top {
                    p.defs.push((module.clone(), ident(i + 2).unwrap_or_default().to_string()));
                }
                i += 3;
                continue;
            }
            Tok::Ident(word) if ITEM_KEYWORDS.contains(&word.as_str()) && !sep(i + 1) => {
                if let Some(name) = ident(i + 1) {
                    if top {
                        p.defs.push((module.clone(), name.to_string()));
                    }
                    if word == "mod" && punct(i + 2, '{') {
                        let inner = [module.clone(), vec![name.to_string()]].concat();
                        p.inline.push(inner.clone());
                        depth += 1;
                        modules.push((inner, depth));
                        i += 3;
                        continue;
                    }
                }
            }
            Tok::Ident(first) if sep(i + 1) && !(i > 0 && sep(i - 1)) => {
                let line = toks[i].1;
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while sep(j) {
                    match ident(j + 1) {
                        Some(seg) => path.push(seg.to_string()),
                        None => break,
                    }
                    j += 2;
                }
                p.paths.push((module.clone(), path, line));
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    p
}

/// The index of the bracket closing the one at `open`.
fn matching(toks: &[(Tok, usize)], open: usize) -> usize {
    let mut depth = 0;
    for (i, (t, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    toks.len() - 1
}

fn skip_visibility(toks: &[(Tok, usize)], i: usize) -> usize {
    if toks.get(i).map(|t| &t.0) != Some(&Tok::Ident("pub".into())) {
        return i;
    }
    if toks.get(i + 1).map(|t| &t.0) == Some(&Tok::Punct('(')) {
        matching(toks, i + 1) + 1
    } else {
        i + 1
    }
}

/// The index after the item starting at `i`: its `;` or its closing brace.
fn skip_item(toks: &[(Tok, usize)], mut i: usize) -> usize {
    while i < toks.len() {
        match toks[i].0 {
            Tok::Punct(';') => return i + 1,
            Tok::Punct('{') => return matching(toks, i) + 1,
            Tok::Punct('(' | '[') => i = matching(toks, i) + 1,
            _ => i += 1,
        }
    }
    i
}

/// The uses of one `use` tree: each path with the name it binds (`None` for a glob).
type UseEntries = Vec<(Vec<String>, Option<String>)>;

/// A use tree from `i` under `prefix`: the index after it, and its uses.
fn use_tree(toks: &[(Tok, usize)], mut i: usize, mut prefix: Vec<String>) -> (usize, UseEntries) {
    let mut out = Vec::new();
    if toks.get(i).map(|t| &t.0) == Some(&Tok::Sep) {
        i += 1; // `use ::std::…`
    }
    loop {
        match toks.get(i).map(|t| &t.0) {
            Some(Tok::Ident(seg)) => {
                prefix.push(seg.clone());
                i += 1;
                if toks.get(i).map(|t| &t.0) == Some(&Tok::Sep) {
                    i += 1;
                    continue;
                }
                let mut name = seg.clone();
                if let Some(Tok::Ident(kw)) = toks.get(i).map(|t| &t.0) {
                    if kw == "as" {
                        name = match toks.get(i + 1).map(|t| &t.0) {
                            Some(Tok::Ident(alias)) => alias.clone(),
                            _ => name,
                        };
                        i += 2;
                    }
                }
                if name == "self" {
                    prefix.pop();
                    name = prefix.last().cloned().unwrap_or_default();
                }
                if name != "_" {
                    out.push((prefix, Some(name)));
                }
                break;
            }
            Some(Tok::Punct('*')) => {
                out.push((prefix, None));
                i += 1;
                break;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                loop {
                    match toks.get(i).map(|t| &t.0) {
                        Some(Tok::Punct('}')) | None => {
                            i += 1;
                            break;
                        }
                        Some(Tok::Punct(',')) => i += 1,
                        _ => {
                            let (end, inner) = use_tree(toks, i, prefix.clone());
                            out.extend(inner);
                            i = end;
                        }
                    }
                }
                break;
            }
            _ => break,
        }
    }
    // The caller resumes after the tree; a top-level tree ends at its `;`.
    if toks.get(i).map(|t| &t.0) == Some(&Tok::Punct(';')) {
        i += 1;
    }
    (i, out)
}

// ------------------------------------------------------------------ the graph

/// Files and the files each one uses, with the first reason seen.
struct Graph {
    files: Vec<String>,
    edges: Vec<BTreeMap<usize, String>>,
}

/// What the whole crate says, for resolving paths.
struct Crate {
    /// Module path → file index (inline modules map to their file).
    modules: HashMap<Vec<String>, usize>,
    defs: HashMap<Vec<String>, BTreeSet<String>>,
    uses: HashMap<Vec<String>, Vec<Use>>,
}

impl Graph {
    /// The graph of `files` (`src/…` paths and texts).
    fn of(files: &[(String, String)]) -> Graph {
        let parsed: Vec<Parsed> = files.iter().map(|(_, text)| parse(text)).collect();
        let module_of = |path: &str| -> Vec<String> {
            let mut segs: Vec<String> = path
                .trim_start_matches("src/")
                .trim_end_matches(".rs")
                .split('/')
                .map(String::from)
                .collect();
            if matches!(segs.last().map(String::as_str), Some("mod" | "lib")) {
                segs.pop();
            }
            segs
        };
        let mut krate =
            Crate { modules: HashMap::new(), defs: HashMap::new(), uses: HashMap::new() };
        let mut tests = BTreeSet::new();
        for (n, (path, _)) in files.iter().enumerate() {
            if path == "src/main.rs" {
                continue;
            }
            let module = module_of(path);
            for child in &parsed[n].test_children {
                tests.insert([module.clone(), vec![child.clone()]].concat());
            }
            krate.modules.insert(module.clone(), n);
        }
        let live = |n: usize| {
            let module = module_of(&files[n].0);
            files[n].0 != "src/main.rs" && !tests.iter().any(|t| module.starts_with(t))
        };
        for (n, p) in parsed.iter().enumerate().filter(|&(n, _)| live(n)) {
            let module = module_of(&files[n].0);
            let abs = |rel: &Vec<String>| [module.clone(), rel.clone()].concat();
            for inline in &p.inline {
                krate.modules.insert(abs(inline), n);
            }
            for (rel, name) in &p.defs {
                krate.defs.entry(abs(rel)).or_default().insert(name.clone());
            }
            for (rel, u) in &p.uses {
                krate.uses.entry(abs(rel)).or_default().push(u.clone());
            }
        }
        let mut edges = vec![BTreeMap::new(); files.len()];
        for (n, p) in parsed.iter().enumerate().filter(|&(n, _)| live(n)) {
            let module = module_of(&files[n].0);
            let mut add = |target: Option<usize>, why: String| {
                if let Some(t) = target.filter(|&t| t != n && live(t)) {
                    edges[n].entry(t).or_insert(why);
                }
            };
            for (rel, u) in &p.uses {
                let ctx = [module.clone(), rel.clone()].concat();
                let target = match &u.name {
                    Some(_) => krate.resolve(&ctx, &u.path, 0),
                    None => krate
                        .absolute(&ctx, &u.path, 0)
                        .and_then(|m| krate.modules.get(&m).copied()),
                };
                let glob = if u.name.is_none() { "::*" } else { "" };
                add(target, format!("line {}: use {}{glob}", u.line, u.path.join("::")));
            }
            for (rel, path, line) in &p.paths {
                let ctx = [module.clone(), rel.clone()].concat();
                add(krate.resolve(&ctx, path, 0), format!("line {line}: {}", path.join("::")));
            }
        }
        Graph { files: files.iter().map(|(p, _)| p.clone()).collect(), edges }
    }

    /// The groups of two or more files that reach each other (Tarjan's algorithm).
    fn cycles(&self) -> Vec<BTreeSet<String>> {
        struct State<'g> {
            graph: &'g Graph,
            index: Vec<Option<usize>>,
            low: Vec<usize>,
            stack: Vec<usize>,
            on_stack: Vec<bool>,
            next: usize,
            found: Vec<BTreeSet<String>>,
        }
        fn visit(s: &mut State<'_>, v: usize) {
            s.index[v] = Some(s.next);
            s.low[v] = s.next;
            s.next += 1;
            s.stack.push(v);
            s.on_stack[v] = true;
            for &w in s.graph.edges[v].keys() {
                match s.index[w] {
                    None => {
                        visit(s, w);
                        s.low[v] = s.low[v].min(s.low[w]);
                    }
                    Some(i) if s.on_stack[w] => s.low[v] = s.low[v].min(i),
                    Some(_) => {}
                }
            }
            if Some(s.low[v]) == s.index[v] {
                let mut group = BTreeSet::new();
                loop {
                    let w = s.stack.pop().unwrap();
                    s.on_stack[w] = false;
                    group.insert(s.graph.files[w].clone());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    s.found.push(group);
                }
            }
        }
        let n = self.files.len();
        let mut s = State {
            graph: self,
            index: vec![None; n],
            low: vec![0; n],
            stack: vec![],
            on_stack: vec![false; n],
            next: 0,
            found: vec![],
        };
        for v in 0..n {
            if s.index[v].is_none() {
                visit(&mut s, v);
            }
        }
        s.found.sort();
        s.found
    }

    /// A circle's files and the uses that tie them, one per line.
    fn describe(&self, cycle: &BTreeSet<String>) -> String {
        let mut text = format!("- {}\n", cycle.iter().cloned().collect::<Vec<_>>().join(", "));
        for (from, edges) in self.files.iter().zip(&self.edges) {
            if !cycle.contains(from) {
                continue;
            }
            for (to, why) in edges {
                if cycle.contains(&self.files[*to]) {
                    writeln!(text, "    {from} -> {} ({why})", self.files[*to]).unwrap();
                }
            }
        }
        text
    }
}

impl Crate {
    /// `path` as seen from module `ctx`, made absolute; `None` when it leaves the crate.
    fn absolute(&self, ctx: &[String], path: &[String], depth: usize) -> Option<Vec<String>> {
        if depth > 16 {
            return None;
        }
        let (first, rest) = path.split_first()?;
        match first.as_str() {
            "crate" => Some(rest.to_vec()),
            "self" => Some([ctx, rest].concat()),
            "super" => {
                let mut base = ctx.to_vec();
                base.pop()?;
                let mut rest = rest;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
                Some([base.as_slice(), rest].concat())
            }
            _ => {
                let child = [ctx, std::slice::from_ref(first)].concat();
                if self.modules.contains_key(&child) {
                    return Some([ctx, path].concat());
                }
                let bound = self.binding(ctx, first)?;
                let target = self.absolute(ctx, &bound.path, depth + 1)?;
                Some([target.as_slice(), rest].concat())
            }
        }
    }

    /// The `use` in module `ctx` that binds `name`, if any.
    fn binding(&self, ctx: &[String], name: &str) -> Option<&Use> {
        self.uses.get(ctx)?.iter().find(|u| u.name.as_deref() == Some(name) && u.path.len() > 1)
    }

    /// The file defining what `path` (seen from `ctx`) names; `None` outside
    /// the crate or for a module itself.
    fn resolve(&self, ctx: &[String], path: &[String], depth: usize) -> Option<usize> {
        if depth > 16 {
            return None;
        }
        let abs = self.absolute(ctx, path, depth)?;
        self.lookup(&abs, depth)
    }

    /// The file defining the absolute path `abs`.
    fn lookup(&self, abs: &[String], depth: usize) -> Option<usize> {
        let k = (0..=abs.len()).rev().find(|&k| self.modules.contains_key(&abs[..k]))?;
        if k == abs.len() {
            return None;
        }
        let (module, name, rest) = (&abs[..k], &abs[k], &abs[k + 1..]);
        let file = self.modules[module];
        if let Some(u) = self
            .uses
            .get(module)
            .and_then(|us| us.iter().find(|u| u.name.as_deref() == Some(name.as_str())))
        {
            let target = [u.path.as_slice(), rest].concat();
            // A re-export of something outside the crate is no edge at all.
            return self.resolve(module, &target, depth + 1);
        }
        if self.defs.get(module).is_some_and(|d| d.contains(name)) {
            return Some(file);
        }
        for glob in self.uses.get(module).into_iter().flatten().filter(|u| u.name.is_none()) {
            let Some(source) = self.absolute(module, &glob.path, depth + 1) else { continue };
            let knows = self.defs.get(&source).is_some_and(|d| d.contains(name))
                || self
                    .uses
                    .get(&source)
                    .is_some_and(|us| us.iter().any(|u| u.name.as_deref() == Some(name.as_str())));
            if knows && source != module {
                return self.lookup(&[source.as_slice(), &abs[k..]].concat(), depth + 1);
            }
        }
        Some(file)
    }
}

// ------------------------------------------------------------ the checker's own tests

#[cfg(test)]
mod checker {
    use super::*;

    fn cycles(files: &[(&str, &str)]) -> Vec<Vec<String>> {
        let files: Vec<(String, String)> =
            files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        Graph::of(&files).cycles().into_iter().map(|c| c.into_iter().collect()).collect()
    }

    const LIB: (&str, &str) = ("src/lib.rs", "pub mod a;\npub mod b;\n");

    #[test]
    fn a_use_each_way_is_a_circle() {
        let a = ("src/a.rs", "use crate::b::B;\npub struct A;\n");
        let b = ("src/b.rs", "pub struct B;\nfn f() -> crate::a::A { todo!() }\n");
        assert_eq!(cycles(&[LIB, a, b]), [["src/a.rs", "src/b.rs"]]);
    }

    #[test]
    fn a_parent_that_re_exports_its_child_is_no_circle() {
        let lib = ("src/lib.rs", "pub mod m;\n");
        let m = ("src/m/mod.rs", "mod x;\nmod y;\npub use x::X;\npub use self::y::Y;\n");
        let x = ("src/m/x.rs", "use super::Y;\npub struct X;\n");
        let y = ("src/m/y.rs", "pub struct Y;\n");
        assert!(cycles(&[lib, m, x, y]).is_empty());
        // But a type defined in the parent makes one.
        let m = ("src/m/mod.rs", "mod x;\npub use x::X;\npub struct Z;\n");
        let x = ("src/m/x.rs", "pub struct X(super::Z);\n");
        assert_eq!(cycles(&[lib, m, x]), [["src/m/mod.rs", "src/m/x.rs"]]);
    }

    #[test]
    fn a_glob_import_of_the_parent_depends_on_the_parent() {
        let lib = ("src/lib.rs", "pub mod m;\n");
        let m = ("src/m/mod.rs", "mod x;\npub use x::X;\n");
        let x = ("src/m/x.rs", "use super::*;\npub struct X;\n");
        assert_eq!(cycles(&[lib, m, x]), [["src/m/mod.rs", "src/m/x.rs"]]);
    }

    #[test]
    fn test_code_and_test_files_do_not_count() {
        let a = ("src/a.rs", "pub struct A;\n#[cfg(test)]\nmod tests {\n    use crate::b::B;\n}\n");
        let b = ("src/b.rs", "use crate::a::A;\npub struct B;\n#[cfg(test)]\nmod t;\n");
        let t = ("src/b/t.rs", "use crate::a::A;\n");
        let a2 = ("src/a.rs", "pub struct A;\n#[cfg(test)]\nuse crate::b::t;\n");
        assert!(cycles(&[LIB, a, b, t]).is_empty());
        assert!(cycles(&[LIB, a2, b, t]).is_empty());
    }

    #[test]
    fn names_bound_by_a_use_and_child_modules_are_followed() {
        let a = (
            "src/a.rs",
            "mod inner;\nuse crate::b;\nfn f() { b::g(); inner::h(); }\npub fn k() {}\n",
        );
        let inner = ("src/a/inner.rs", "pub fn h() {}\n");
        let b = ("src/b.rs", "pub fn g() { let _ = \"crate::a::k\"; } // crate::a::k\n");
        assert!(cycles(&[LIB, a, inner, b]).is_empty());
        let b = ("src/b.rs", "pub fn g() { super::a::k() }\n");
        assert_eq!(cycles(&[LIB, a, inner, b]), [["src/a.rs", "src/b.rs"]]);
    }
}
