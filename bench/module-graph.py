#!/usr/bin/env python3
"""Prints the crate's module graph from its `crate::` and `super::` paths and
fails on a cycle or on an edge that points up the pipeline.

    python3 bench/module-graph.py [SRC_DIR]    # default: src

Two graphs are checked. Between top-level modules (src/x.rs, src/x/): no
cycle, and no edge from a module lower in PIPELINE to one higher. Between
the files of one folder (src/serve/site.rs, src/serve/watch.rs): no cycle;
a folder's mod.rs is its parent and is left out, since children reach it
through `super::` by design. Test modules (`#[cfg(test)]` onwards) and
comments are not read: a test may use anything.

Exit status 1 when something is wrong, so CI (.ci/run) stops on it.
"""

import re
import sys
from pathlib import Path

# Top to bottom: each may use those after it, never those before it.
# Modules not named here are leaves (config, diagnostic, html, progress…):
# anything may use them, and they use only each other and `model`, the
# data every layer shares; a cycle through them is still found.
PIPELINE = ["cli", "serve", "build", "load", "output", "render", "site",
            "export", "validate", "parse", "model"]

PATH = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+|::\{[^}]*\})")
GROUP = re.compile(r"::\{([^}]*)\}")


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def code_of(file: Path) -> str:
    text = file.read_text()
    text = text.split("#[cfg(test)]", 1)[0]
    text = re.sub(r"//[^\n]*", "", text)
    return text


def resolve(modules: set, base: tuple, names: list) -> tuple:
    """The longest module that base + names starts with."""
    path = base + tuple(names)
    while path and path not in modules:
        path = path[:-1]
    return path


def references(src: Path, modules: set, module: tuple, file: Path, is_folder_root: bool):
    for match in PATH.finditer(code_of(file)):
        root, rest = match.group(1), match.group(2)
        if root == "crate":
            base = ()
        else:
            # `super` in src/a/b.rs is `a`; in src/a/mod.rs it is the crate.
            base = module[:-1]
            if is_folder_root:
                base = module[:-1]
        group = GROUP.match(rest)
        if group:
            heads = [item.strip().split("::") for item in group.group(1).split(",") if item.strip()]
        else:
            heads = [rest.strip(":").split("::")]
        for names in heads:
            names = [n for n in names if n and n != "self"]
            target = resolve(modules, base, names)
            if target and target != module:
                yield target


def cycles(graph: dict) -> list:
    """Strongly connected groups of more than one node (Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main() -> int:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "src")
    files = sorted(p for p in src.rglob("*.rs") if p.name != "main.rs")
    modules = {module_of(src, f) for f in files}
    top = {}
    folder = {}
    for file in files:
        module = module_of(src, file)
        is_folder_root = file.name == "mod.rs"
        for target in references(src, modules, module, file, is_folder_root):
            if module and target[0] != module[0]:
                top.setdefault(module[0], set()).add(target[0])
            # Siblings: two files under the same parent, neither the parent itself.
            if (len(module) >= 2 and len(target) >= 2 and not is_folder_root
                    and module[:-1] == target[:-1] and target in modules):
                folder.setdefault("::".join(module), set()).add("::".join(target))
    for module in sorted({m[0] for m in modules if m}):
        top.setdefault(module, set())

    print("modules (each -> what it uses):")
    for module in sorted(top, key=lambda m: (PIPELINE.index(m) if m in PIPELINE else len(PIPELINE), m)):
        print(f"  {module} -> {', '.join(sorted(top[module])) or '(nothing)'}")
    if folder:
        print("files within a folder:")
        for module in sorted(folder):
            print(f"  {module} -> {', '.join(sorted(folder[module]))}")

    problems = []
    for group in cycles(top):
        problems.append("cycle between modules: " + " <-> ".join(group))
    for group in cycles(folder):
        problems.append("cycle between files: " + " <-> ".join(group))
    rank = {m: i for i, m in enumerate(PIPELINE)}
    for module, targets in sorted(top.items()):
        for target in sorted(targets):
            if module in rank and target in rank and rank[target] < rank[module]:
                problems.append(f"{module} -> {target} points up the pipeline ({' -> '.join(PIPELINE)})")
            elif module not in rank and target in rank and target != "model":
                problems.append(f"{module} is a leaf module but uses {target}")
    for problem in problems:
        print("error: " + problem)
    if problems:
        return 1
    print("no cycle; every dependency points down the pipeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
