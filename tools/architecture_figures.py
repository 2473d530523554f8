"""The architecture review's figures for a source tree.

    python tools/architecture_figures.py [TREE]     # TREE: a checkout, default this repository

For an earlier commit: ``git worktree add /tmp/before <commit>``, run on /tmp/before, then
``git worktree remove /tmp/before``. Prints

- the distinct ways off the UI thread in desktop/: constructions and subclasses of QThreadPool,
  QThread, threading.Thread and concurrent.futures executors, per file;
- imports across layers: desktop -> sync_server and sync_server -> desktop (file:line);
- import cycles inside desktop, sync_server and casefile: among the imports that run when a
  module is imported, and those closed only through imports inside functions;
- module line counts of the packages: median and the largest.

Reads the files with ``ast``; imports nothing of the tree it measures.
"""
from __future__ import annotations

import argparse
import ast
import statistics
import sys
from collections import defaultdict
from pathlib import Path

PACKAGES = ("casefile", "desktop", "sync_server", "demodata")
CYCLE_PACKAGES = ("desktop", "sync_server", "casefile")
# A way off the UI thread -> the names whose call or subclass starts one.
THREAD_WAYS = {
    "QThreadPool": {"QThreadPool"},
    "QThread": {"QThread"},
    "threading.Thread": {"threading.Thread", "Thread"},
    "concurrent.futures": {"ThreadPoolExecutor", "ProcessPoolExecutor",
                           "concurrent.futures.ThreadPoolExecutor",
                           "concurrent.futures.ProcessPoolExecutor",
                           "futures.ThreadPoolExecutor", "futures.ProcessPoolExecutor"},
}


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_files(root: Path) -> list[Path]:
    return sorted(p for package in PACKAGES for p in (root / package).rglob("*.py")
                  if "__pycache__" not in p.parts)


def imports(root: Path, path: Path, tree: ast.AST) -> list[tuple[int, str, str, tuple, bool]]:
    """(line, statement, absolute module, imported names, runs at import time) of each import."""
    name = module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((child.lineno, ast.unparse(child), a.name, (), top) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                module = child.module or ""
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - (child.level - 1)]
                    module = ".".join(base + ([module] if module else []))
                found.append((child.lineno, ast.unparse(child), module,
                              tuple(a.name for a in child.names), top))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, False)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue          # for the type checker only: never runs, no edge of a cycle
            else:
                visit(child, top)

    visit(tree, True)
    return found


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def thread_ways(root: Path, trees: dict[Path, ast.AST]) -> dict[str, dict[str, int]]:
    """way -> {file: constructions and subclasses} in desktop/."""
    ways: dict[str, dict[str, int]] = {way: defaultdict(int) for way in THREAD_WAYS}
    for path, tree in trees.items():
        if path.relative_to(root).parts[0] != "desktop":
            continue
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            used = []
            if isinstance(node, ast.Call):
                used = [dotted(node.func)]
            elif isinstance(node, ast.ClassDef):
                used = [dotted(b) for b in node.bases]
            for name in used:
                for way, names in THREAD_WAYS.items():
                    if name in names:
                        ways[way][rel] += 1
    return ways


def import_graph(root: Path, package: str, found: dict, at_import_only: bool) -> dict:
    modules = {module_name(root, p): p for p in found if module_name(root, p).split(".")[0] == package}
    graph: dict[str, dict[str, str]] = {m: {} for m in modules}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    for name, path in modules.items():
        for line, text, module, names, top in found[path]:
            if (at_import_only and not top) or module.split(".")[0] != package:
                continue
            targets = [f"{module}.{n}" if f"{module}.{n}" in modules else known(module)
                       for n in names] or [known(module)]
            for target in targets:
                if target and target != name:
                    graph[name].setdefault(target, f"{path.relative_to(root)}:{line}: {text}"
                                           + ("" if top else "  (inside a function)"))
    return graph


def cycles(graph: dict[str, dict]) -> list[list[str]]:
    """Strongly connected components of more than one module (iterative Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            v, edges = work[-1]
            for w in edges:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(graph[w])))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def report(root: Path) -> list[str]:
    files = package_files(root)
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for p in files}
    found = {p: imports(root, p, t) for p, t in trees.items()}
    out = [f"tree: {root}  ({len(files)} modules in {', '.join(p for p in PACKAGES if (root / p).is_dir())})"]

    ways = thread_ways(root, trees)
    used = [way for way, per_file in ways.items() if per_file]
    out.append(f"\nways off the UI thread in desktop/: {len(used)} distinct")
    for way, per_file in ways.items():
        total = sum(per_file.values())
        out.append(f"  {way:20} {total:3} use(s)" + "".join(
            f"\n      {f}: {n}" for f, n in sorted(per_file.items())))

    out.append("\nimports across layers:")
    for source, target in (("desktop", "sync_server"), ("sync_server", "desktop")):
        hits = [f"{p.relative_to(root)}:{line}: {text}" + ("" if top else "  (inside a function)")
                for p in files if p.relative_to(root).parts[0] == source
                for line, text, module, _names, top in found[p] if module.split(".")[0] == target]
        out.append(f"  {source} -> {target}: {len(hits)}" + "".join(f"\n      {h}" for h in hits))

    for at_import_only, title in ((True, "import cycles (imports that run at import time)"),
                                  (False, "import cycles counting imports inside functions too")):
        lines = []
        for package in CYCLE_PACKAGES:
            graph = import_graph(root, package, found, at_import_only)
            for component in cycles(graph):
                lines.append(f"  {package}: " + " <-> ".join(component))
                members = set(component)
                lines += [f"      {graph[m][t]}" for m in component for t in sorted(graph[m])
                          if t in members]
        count = sum(1 for line in lines if not line.startswith("      "))
        out.append(f"\n{title}: {count}")
        out += lines

    sizes = sorted(((sum(1 for _ in p.open(encoding="utf-8")), p.relative_to(root).as_posix())
                    for p in files), reverse=True)
    out.append(f"\nmodule line counts: median {statistics.median(n for n, _ in sizes):g}, "
               f"largest {sizes[0][0]} ({sizes[0][1]})")
    out += [f"  {n:5}  {name}" for n, name in sizes[:5]]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", nargs="?", default=str(Path(__file__).resolve().parent.parent),
                        help="root of the checkout to measure (default: this repository)")
    root = Path(parser.parse_args(argv).tree).resolve()
    if not (root / "desktop").is_dir():
        parser.error(f"{root} has no desktop/ package")
    print("\n".join(report(root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
