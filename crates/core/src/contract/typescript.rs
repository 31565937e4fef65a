//! Writing the contract as TypeScript: one file of types per feature under
//! `ui/src/lib/bindings/`, each importing from the others what it names, and the index
//! `ui/src/lib/bindings.ts`, which re-exports them all beside the commands.

use std::collections::{BTreeMap, BTreeSet};

use ts_rs::TS;

/// The first line of every generated file.
const HEADER: &str =
    "// Generated from crates/core/src/contract.rs. Do not edit: run `./dev bindings`.\n";

/// One type as TypeScript declares it: its name and its declaration, docs included.
pub struct Declaration {
    name: String,
    text: String,
}

impl Declaration {
    /// The declaration of `T`.
    pub fn of<T: TS>() -> Self {
        let docs = T::docs()
            .map(|d| format!("{}\n", d.trim_end()))
            .unwrap_or_default();
        Self {
            name: T::ident(),
            text: format!("{docs}export {}\n", T::decl()),
        }
    }
}

/// A feature's file of types: `bindings/{name}.ts`, what it is about, and its types.
pub struct TypesFile {
    pub name: &'static str,
    pub about: &'static str,
    pub types: Vec<Declaration>,
}

/// The index: its own imports (from outside the contract) and what follows the
/// re-exports (the types Tauri carries itself, the constants, the commands).
pub struct Index<'a> {
    pub imports: &'a str,
    pub body: &'a str,
}

/// Every generated file: its path under `ui/src/lib/` and its text, the index last.
#[must_use]
pub fn files(types: &[TypesFile], index: &Index<'_>) -> Vec<(String, String)> {
    let home: BTreeMap<&str, &str> = types
        .iter()
        .flat_map(|file| file.types.iter().map(move |d| (d.name.as_str(), file.name)))
        .collect();
    let mut out: Vec<(String, String)> = types
        .iter()
        .map(|file| {
            let body = file
                .types
                .iter()
                .map(|d| d.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let imports = imports(&body, &home, Some(file.name), "./");
            (
                format!("bindings/{}.ts", file.name),
                format!("{HEADER}// {}\n\n{imports}{body}", file.about),
            )
        })
        .collect();
    let reexports: String = types
        .iter()
        .map(|file| format!("export type * from \"./bindings/{}\";\n", file.name))
        .collect();
    let imports = imports(index.body, &home, None, "./bindings/");
    out.push((
        "bindings.ts".into(),
        format!(
            "{HEADER}\n{imports}{}\n{reexports}\n{}",
            index.imports, index.body
        ),
    ));
    out
}

/// `import type` lines (one per file, names sorted) for what `text` names that another
/// file declares.
fn imports(text: &str, home: &BTreeMap<&str, &str>, this: Option<&str>, prefix: &str) -> String {
    let mut wanted: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for word in code_words(text) {
        if let Some((name, file)) = home.get_key_value(word)
            && Some(*file) != this
        {
            wanted.entry(file).or_default().insert(name);
        }
    }
    let mut out: String = wanted
        .iter()
        .map(|(file, names)| {
            let names: Vec<&str> = names.iter().copied().collect();
            format!(
                "import type {{ {} }} from \"{prefix}{file}\";\n",
                names.join(", ")
            )
        })
        .collect();
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The identifiers in TypeScript `text`, its comments and string literals aside.
fn code_words(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let find = |from: usize, what: &[u8]| {
        bytes[from..]
            .windows(what.len())
            .position(|w| w == what)
            .map_or(bytes.len(), |i| from + i + what.len())
    };
    let mut words = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at..].starts_with(b"/*") {
            at = find(at + 2, b"*/");
        } else if bytes[at..].starts_with(b"//") {
            at = find(at + 2, b"\n");
        } else if bytes[at] == b'"' {
            at += 1;
            while at < bytes.len() && bytes[at] != b'"' {
                at += if bytes[at] == b'\\' { 2 } else { 1 };
            }
            at += 1;
        } else if is_word(bytes[at]) {
            let start = at;
            while at < bytes.len() && is_word(bytes[at]) {
                at += 1;
            }
            // Word bytes are ASCII, so both ends are character boundaries.
            words.push(&text[start..at]);
        } else {
            at += 1;
        }
    }
    words
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_leave_out_comments_and_strings() {
        let text = "/** A Step of a Flow. */\nexport type Taken = { step: Step, label: \"Flow\" }; // Repeat\n";
        assert_eq!(
            code_words(text),
            ["export", "type", "Taken", "step", "Step", "label"]
        );
    }

    #[test]
    fn a_file_imports_what_it_names_from_the_file_that_declares_it() {
        let home = BTreeMap::from([("Step", "flows"), ("Timeline", "calls"), ("Id", "common")]);
        let text = "export type TestRunView = { call: Timeline | null, id: Id, step: Step };";
        assert_eq!(
            imports(text, &home, Some("flows"), "./"),
            "import type { Timeline } from \"./calls\";\nimport type { Id } from \"./common\";\n\n"
        );
    }
}
