#!/usr/bin/env python3
"""Fails when modules of a Rust crate in this repository import each other in a circle.

Reads every tracked `src/**/*.rs` file (tests, benches and examples aside) and draws an
edge from a module to each module it names: in `use` trees and in `crate::`, `super::`
and `self::` paths, after comments, strings and `#[cfg(test)] mod tests` are removed;
`#[path]` module aliases are followed. A strongly connected component of more than one
module is a circle: each is printed with its edges, and the exit status is 1.
Run by `./dev test`; `python3 tools/import-circles.py [repo]` runs it alone.
"""
import os
import re
import subprocess
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")


def source_files():
    listed = subprocess.run(["git", "ls-files", "*.rs"], cwd=ROOT, capture_output=True, text=True, check=True)
    crates = {}
    for path in listed.stdout.split():
        if re.search(r"(^|/)(tests|benches|examples)/", path):
            continue
        match = re.match(r"(.*?src)/(.*)\.rs$", path)
        if match:
            crates.setdefault(match.group(1), []).append(match.group(2))
    return crates


def stripped(text):
    text = re.sub(r"#\[cfg\(test\)\]\s*mod tests\s*\{.*", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r'r#*"(?:.|\n)*?"#*', '""', text)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


def module_path(relative):
    parts = relative.split("/")
    return tuple(parts[:-1] if parts[-1] in ("lib", "main", "mod") else parts)


def use_paths(tree, prefix=()):
    """Every path a `use` tree names, as segment lists."""
    tree = tree.strip()
    grouped = re.match(r"^([\w:]*?)::\{(.*)\}$", tree, re.S)
    if not grouped:
        tree = re.sub(r"\s+as\s+\w+$", "", tree)
        return [list(prefix) + [s for s in tree.split("::") if s and s != "*"]]
    head = list(prefix) + [s for s in grouped.group(1).split("::") if s]
    items, depth, current = [], 0, ""
    for char in grouped.group(2):
        depth += char == "{"
        depth -= char == "}"
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [path for item in items if item.strip() for path in use_paths(item, head)]


def circles_in(base, relatives):
    modules = {module_path(r): r for r in relatives}
    for module, relative in list(modules.items()):
        text = open(os.path.join(ROOT, base, relative + ".rs"), encoding="utf-8").read()
        for alias in re.finditer(r'#\[path\s*=\s*"([^"]+)"\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)', text):
            target = module_path(os.path.normpath(os.path.join(os.path.dirname(relative), alias.group(1)))[:-3])
            if target in modules:
                modules.setdefault(module + (alias.group(2),), modules[target])

    def resolve(segments, here):
        if segments[0] == "crate":
            full = segments[1:]
        elif segments[0] in ("super", "self"):
            full, rest = list(here), list(segments)
            while rest and rest[0] == "super":
                full, rest = full[:-1], rest[1:]
            full += rest[1:] if rest and rest[0] == "self" else rest
        else:
            full = list(here) + segments
            if tuple(full[: len(here) + 1]) not in modules:
                return None
        for length in range(len(full), -1, -1):
            if tuple(full[:length]) in modules:
                return tuple(full[:length])
        return None

    edges = {}
    for module, relative in modules.items():
        text = stripped(open(os.path.join(ROOT, base, relative + ".rs"), encoding="utf-8").read())
        named = [p for use in re.finditer(r"\buse\s+([^;]+);", text) for p in use_paths(use.group(1))]
        named += [m.group(1).split("::") for m in re.finditer(r"\b((?:crate|super|self)(?:::\w+)+)", text)]
        targets = {resolve(path, module) for path in named if path}
        edges[module] = {t for t in targets if t is not None and t != module}

    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for next_node in edges.get(node, ()):
            if next_node not in index:
                visit(next_node)
                low[node] = min(low[node], low[next_node])
            elif next_node in on_stack:
                low[node] = min(low[node], index[next_node])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append((component, edges))

    sys.setrecursionlimit(10_000)
    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def name(module):
    return "::".join(module) or "(crate root)"


def main():
    circles = 0
    for base, relatives in sorted(source_files().items()):
        for component, edges in circles_in(base, relatives):
            circles += 1
            print(f"{base}: {', '.join(sorted(name(m) for m in component))} import each other:")
            for module in component:
                inside = sorted(name(t) for t in edges[module] if t in component)
                print(f"    {name(module)} -> {', '.join(inside)}")
    print(f"{circles} import circle(s) between modules")
    return 1 if circles else 0


if __name__ == "__main__":
    sys.exit(main())
