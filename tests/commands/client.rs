//! The command schema, typed at both ends: `ui/api.js` is generated from the command list
//! (`src-tauri/commands/list.rs`) and the commands' own signatures, and every call the
//! screens make through it names a command of the list with that command's arguments.
//!
//! A command is a name, a typed request (its arguments, every key in snake_case like the
//! answers) and a typed answer. Whoever carries it — Tauri's IPC today — sees the same
//! schema. Run `cargo test --test app commands::client` after changing a command: the
//! test writes the new `ui/api.js` and fails once, so the change is committed with it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use syn::{FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};

/// One command: where it lives, what it takes, what it answers.
struct Command {
    context: String,
    name: String,
    doc: String,
    args: Vec<(String, String, bool)>,
    answer: String,
}

/// Arguments Tauri fills in itself: the screens never pass them.
const INJECTED: &[&str] = &["State", "AppHandle", "WebviewWindow", "Window", "Webview"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `context::name` pairs, in the list's order.
fn listed() -> Vec<(String, String)> {
    let path = root().join("src-tauri/commands/list.rs");
    let text = std::fs::read_to_string(&path).expect("src-tauri/commands/list.rs");
    let pairs: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim().strip_suffix(',')?;
            let (c, n) = l.split_once("::")?;
            let ident = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit())
            };
            (ident(c) && ident(n)).then(|| (c.to_owned(), n.to_owned()))
        })
        .collect();
    assert_eq!(
        pairs.len(),
        carnet_app::COMMANDS.len(),
        "list.rs read as {} commands, the app has {}",
        pairs.len(),
        carnet_app::COMMANDS.len()
    );
    pairs
}

/// A Rust type as the screens see it (JSDoc): numbers, strings, lists, `null` for none,
/// and the domain's structures by their Rust name.
fn js_type(ty: &Type, named: &mut BTreeSet<String>) -> String {
    match ty {
        Type::Reference(r) => js_type(&r.elem, named),
        Type::Tuple(t) if t.elems.is_empty() => "void".into(),
        Type::Tuple(t) => format!(
            "[{}]",
            t.elems
                .iter()
                .map(|e| js_type(e, named))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Type::Path(p) => {
            let last = p.path.segments.last().expect("a type name");
            let inner: Vec<&Type> = match &last.arguments {
                PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|g| match g {
                        GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => vec![],
            };
            let name = last.ident.to_string();
            let wraps = [
                "Option",
                "Vec",
                "Res",
                "Result",
                "Box",
                "Zeroizing",
                "Reply",
            ];
            assert!(
                !wraps.contains(&name.as_str()) || !inner.is_empty(),
                "{name} without its type"
            );
            match name.as_str() {
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "f32"
                | "f64" => "number".into(),
                "String" | "str" | "PathBuf" | "Path" => "string".into(),
                // A day is `YYYY-MM-DD`, a time RFC 3339: both travel as text.
                "NaiveDate" | "DateTime" => "string".into(),
                "bool" => "boolean".into(),
                "Value" => "any".into(),
                "Option" => format!("{} | null", js_type(inner[0], named)),
                "Vec" => {
                    let t = js_type(inner[0], named);
                    if t.contains(' ') {
                        format!("Array<{t}>")
                    } else {
                        format!("{t}[]")
                    }
                }
                // A secret is wiped from memory once used; it travels as its text.
                // A command's answer, from this PC's register or the service's: the same JSON.
                "Res" | "Result" | "Box" | "Zeroizing" | "Reply" => js_type(inner[0], named),
                // Tauri's IPC channel (the consent's `Channel` is a word, without a type).
                "Channel" if !inner.is_empty() => {
                    format!("IpcChannel<{}>", js_type(inner[0], named))
                }
                other => {
                    named.insert(other.to_owned());
                    other.to_owned()
                }
            }
        }
        _ => panic!("a command takes or answers a type the client cannot name"),
    }
}

fn doc_of(attrs: &[syn::Attribute]) -> String {
    let mut lines = vec![];
    for a in attrs {
        if let syn::Meta::NameValue(nv) = &a.meta {
            if nv.path.is_ident("doc") {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    lines.push(s.value().trim().to_owned());
                }
            }
        }
    }
    lines.join(" ")
}

fn commands(named: &mut BTreeSet<String>) -> Vec<Command> {
    let mut files: BTreeMap<String, syn::File> = BTreeMap::new();
    let mut out = vec![];
    for (context, name) in listed() {
        let file = files.entry(context.clone()).or_insert_with(|| {
            let path = root().join(format!("src-tauri/commands/{context}.rs"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("{} is missing", path.display()));
            syn::parse_file(&text).expect("a command file that parses")
        });
        let f = file
            .items
            .iter()
            .find_map(|i| match i {
                Item::Fn(f) if f.sig.ident == name => Some(f),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{context}::{name} is listed but not in {context}.rs"));
        let attr = f
            .attrs
            .iter()
            .find(|a| {
                a.path()
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "command")
            })
            .unwrap_or_else(|| panic!("{name} is not a #[tauri::command]"));
        let attr_text = match &attr.meta {
            syn::Meta::List(l) => l.tokens.to_string(),
            _ => String::new(),
        };
        assert!(
            attr_text.contains("rename_all") && attr_text.contains("snake_case"),
            "{context}::{name}: every command takes its arguments in snake_case \
             (#[tauri::command(rename_all = \"snake_case\")]), like its answers"
        );
        let mut args = vec![];
        for input in &f.sig.inputs {
            let FnArg::Typed(pt) = input else { continue };
            let injected = match &*pt.ty {
                Type::Path(p) => p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str())),
                _ => false,
            };
            if injected {
                continue;
            }
            let Pat::Ident(id) = &*pt.pat else {
                panic!("{name}: an argument without a plain name")
            };
            let ty = js_type(&pt.ty, named);
            let optional = ty.ends_with("| null");
            args.push((id.ident.to_string(), ty, optional));
        }
        let answer = match &f.sig.output {
            ReturnType::Default => "void".into(),
            ReturnType::Type(_, t) => js_type(t, named),
        };
        out.push(Command {
            context,
            name,
            doc: doc_of(&f.attrs),
            args,
            answer,
        });
    }
    out
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Wraps `text` into JSDoc lines of at most ~96 characters.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() > 92 {
            let _ = writeln!(out, "{indent} * {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent} * {line}");
    }
    out
}

fn generate() -> (String, Vec<Command>) {
    let mut named = BTreeSet::new();
    let commands = commands(&mut named);
    let mut js = String::new();
    js.push_str(
        "// The app's commands, typed: made from src-tauri/commands/list.rs and the commands'\n\
         // signatures by tests/commands/client.rs — do not edit by hand; run\n\
         // `cargo test --test app commands::client` after changing a command.\n\
         // Every key is snake_case, in the requests as in the answers.\n\n",
    );
    let sources = rust_sources();
    for n in &named {
        let (js_kind, what) = kind_of(n, &sources);
        let _ = writeln!(js, "/** @typedef {{{js_kind}}} {n} {what} `{n}` */");
    }
    js.push_str(
        "/**\n * @template T\n * @typedef {{ onmessage: (message: T) => void }} IpcChannel what a \
         long command pushes as it goes\n */\n\n",
    );
    js.push_str(
        "const call = (name, args) => window.__TAURI__.core.invoke(name, args ?? {});\n\n\
         /**\n * A channel for a long command to push its progress through.\n * @template T\n \
         * @param {(message: T) => void} onmessage\n * @returns {IpcChannel<T>}\n */\n\
         export function progressChannel(onmessage) {\n  const c = new window.__TAURI__.core.Channel();\n  \
         c.onmessage = onmessage;\n  return c;\n}\n\n",
    );
    js.push_str("export const api = {\n");
    let mut context = String::new();
    for c in &commands {
        if c.context != context {
            if !context.is_empty() {
                js.push('\n');
            }
            let _ = writeln!(js, "  // {}", c.context);
            context = c.context.clone();
        }
        js.push_str("  /**\n");
        if !c.doc.is_empty() {
            js.push_str(&wrap(&c.doc, "  "));
        }
        if !c.args.is_empty() {
            let fields: Vec<String> = c.args.iter().map(|(n, t, _)| format!("{n}: {t}")).collect();
            let _ = writeln!(js, "   * @param {{{{ {} }}}} args", fields.join(", "));
        }
        let _ = writeln!(js, "   * @returns {{Promise<{}>}}\n   */", c.answer);
        if c.args.is_empty() {
            let _ = writeln!(js, "  {}: () => call(\"{}\"),", camel(&c.name), c.name);
        } else {
            let _ = writeln!(
                js,
                "  {}: (args) => call(\"{}\", args),",
                camel(&c.name),
                c.name
            );
        }
    }
    js.push_str("};\n");
    (js, commands)
}

/// The Rust sources the answers' types are declared in (the domain, the documents, the
/// commands).
fn rust_sources() -> String {
    fn walk(dir: &std::path::Path, out: &mut String) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() && !p.ends_with("target") && !p.ends_with("tests") {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut out = String::new();
    walk(&root().join("src-tauri"), &mut out);
    assert!(
        out.contains("pub struct ContestPage"),
        "the domain's sources were not found"
    );
    out
}

/// How a named type travels: a closed vocabulary's word (`text_enum!`, or an enum of
/// words) is a string; a structure, or an enum carrying data, is an object.
fn kind_of(name: &str, sources: &str) -> (&'static str, &'static str) {
    // `text_enum!(Name, …` or `text_enum!(\n    /// doc…\n    Name, …`
    let declared_by_text_enum = sources.match_indices(&format!("{name}, ")).any(|(at, _)| {
        let mut before = sources[..at].trim_end();
        while let Some(line_start) = before.rfind('\n') {
            if before[line_start..].trim_start().starts_with("///") {
                before = before[..line_start].trim_end();
            } else {
                break;
            }
        }
        before.ends_with("text_enum!(")
    });
    if declared_by_text_enum {
        return ("string", "a word of the vocabulary");
    }
    if sources.contains(&format!("pub struct {name} "))
        || sources.contains(&format!("pub struct {name}<"))
    {
        return ("object", "the structure");
    }
    if let Some(at) = sources.find(&format!("pub enum {name} {{")) {
        let before = &sources[sources[..at].len().saturating_sub(300)..at];
        let attrs = before.rsplit("\n\n").next().unwrap_or(before);
        let body = &sources[at..];
        let body: String = body[..body.find("\n}").unwrap_or(body.len())]
            .lines()
            .skip(1)
            .filter(|l| !l.trim_start().starts_with("//") && !l.trim_start().starts_with("#["))
            .collect();
        return if attrs.contains("tag =") || body.contains('(') || body.contains('{') {
            ("object", "the tagged value")
        } else {
            ("string", "a word of the list")
        };
    }
    panic!("the type {name} a command takes or answers is not declared in src-tauri/");
}

/// `ui/api.js` is what the command list and the signatures make (rewritten when not, and
/// the test fails so the new file is committed).
#[test]
fn the_typed_client_is_made_from_the_command_list() {
    let (js, _) = generate();
    let path = root().join("ui/api.js");
    let now = std::fs::read_to_string(&path).unwrap_or_default();
    if now != js {
        std::fs::write(&path, &js).unwrap();
        panic!("ui/api.js was out of date with the commands: it is written again, commit it");
    }
}

/// The screens reach the backend only through `api.js`, every call names a command of the
/// list, and passes that command's arguments by their names: none unknown, none required
/// left out. (A renamed command or argument fails here, not in the office.)
#[test]
fn every_call_the_screens_make_fits_a_command() {
    let (_, commands) = generate();
    let by_name: BTreeMap<String, &Command> =
        commands.iter().map(|c| (camel(&c.name), c)).collect();
    let mut problems = vec![];
    let mut calls = 0;
    for file in super::schema::walk_js(&root().join("ui")) {
        let rel = file.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        if rel == "ui/api.js" {
            continue;
        }
        if text.contains("invoke(") || text.contains("__TAURI__") {
            problems.push(format!("{rel}: calls the backend outside ui/api.js"));
        }
        let mut rest = text.as_str();
        while let Some(at) = rest.find("api.") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + 4..];
            // A call starts a statement or an expression (not `x.api.`, `../api.js`, `api.js`
            // in a comment's backquotes).
            if before.is_some_and(|c| !" \t\n([{!=,:?&|;+".contains(c)) {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let Some(cmd) = by_name.get(&name) else {
                problems.push(format!("{rel}: api.{name} is not a command"));
                continue;
            };
            calls += 1;
            let after = rest[name.len()..].trim_start();
            let Some(args) = after.strip_prefix('(') else {
                problems.push(format!("{rel}: api.{name} is not called"));
                continue;
            };
            let args = args.trim_start();
            if args.starts_with(')') {
                if cmd.args.iter().any(|(_, _, optional)| !optional) {
                    problems.push(format!("{rel}: api.{name}() without its arguments"));
                }
                continue;
            }
            let Some(keys) = object_keys(args) else {
                problems.push(format!(
                    "{rel}: api.{name} takes its arguments as an object written at the call"
                ));
                continue;
            };
            for k in &keys {
                if !cmd.args.iter().any(|(n, _, _)| n == k) {
                    problems.push(format!("{rel}: api.{name} has no argument {k}"));
                }
            }
            for (n, _, optional) in &cmd.args {
                if !optional && !keys.contains(n) {
                    problems.push(format!("{rel}: api.{name} without {n}"));
                }
            }
        }
    }
    assert!(
        calls > 100,
        "only {calls} calls found: is ui/ where it was?"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The top-level keys of the object literal `text` starts with (`{ a, b: x, c: { d } }` →
/// a, b, c); `None` when it does not start with one or spreads another.
fn object_keys(text: &str) -> Option<Vec<String>> {
    let body = text.strip_prefix('{')?;
    let mut keys = vec![];
    let mut depth = 0usize;
    let mut part = String::new();
    let mut quote: Option<char> = None;
    for c in body.chars() {
        if let Some(q) = quote {
            part.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => {
                quote = Some(c);
                part.push(c);
            }
            '{' | '(' | '[' => {
                depth += 1;
                part.push(c);
            }
            '}' | ')' | ']' if depth == 0 => {
                keys.push(key_of(&part)?);
                return Some(keys.into_iter().flatten().collect());
            }
            '}' | ')' | ']' => {
                depth -= 1;
                part.push(c);
            }
            ',' if depth == 0 => {
                keys.push(key_of(&part)?);
                part.clear();
            }
            _ => part.push(c),
        }
    }
    None
}

fn key_of(part: &str) -> Option<Option<String>> {
    let p = part.trim();
    if p.is_empty() {
        return Some(None);
    }
    if p.starts_with("...") {
        return None;
    }
    let key: String = p
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!key.is_empty()).then_some(Some(key))
}

#[test]
fn object_keys_reads_the_top_level_only() {
    assert_eq!(
        object_keys("{ a, b: f(x, y), c: { d: 1 }, e: \"},\" }) + 1").unwrap(),
        ["a", "b", "c", "e"]
    );
    assert_eq!(object_keys("{})").unwrap(), Vec::<String>::new());
    assert!(object_keys("{ ...x })").is_none());
    assert!(object_keys("args)").is_none());
}
