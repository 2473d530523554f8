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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: tools.imports comes from this checkout

from tools.imports import Import, cycles, import_graph, imports_of, package_files  # noqa: E402

PACKAGES = ("casefile", "desktop", "sync_server", "demodata")
CYCLE_PACKAGES = ("desktop", "sync_server", "casefile")
# A way off the UI thread -> the names whose call or subclass starts one.
THREAD_WAYS = {
    "QThreadPool": {"QThreadPool"},
    "QThread": {"QThread"},
    "threading.Thread": {"threading.Thread", "Thread"},
    "concurrent.futures": {
        "ThreadPoolExecutor",
        "ProcessPoolExecutor",
        "concurrent.futures.ThreadPoolExecutor",
        "concurrent.futures.ProcessPoolExecutor",
        "futures.ThreadPoolExecutor",
        "futures.ProcessPoolExecutor",
    },
}


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


def where(imp: Import) -> str:
    return f"{imp}" + ("" if imp.top_level else "  (inside a function)")


def report(root: Path) -> list[str]:
    files = package_files(root, PACKAGES)
    trees = {p: ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for p in files}
    found = {p: imports_of(root, p, t) for p, t in trees.items()}
    out = [
        f"tree: {root}  ({len(files)} modules in {', '.join(p for p in PACKAGES if (root / p).is_dir())})"
    ]

    ways = thread_ways(root, trees)
    used = [way for way, per_file in ways.items() if per_file]
    out.append(f"\nways off the UI thread in desktop/: {len(used)} distinct")
    for way, per_file in ways.items():
        total = sum(per_file.values())
        out.append(
            f"  {way:20} {total:3} use(s)"
            + "".join(f"\n      {f}: {n}" for f, n in sorted(per_file.items()))
        )

    out.append("\nimports across layers:")
    for source, target in (("desktop", "sync_server"), ("sync_server", "desktop")):
        hits = [
            where(imp)
            for p in files
            if p.relative_to(root).parts[0] == source
            for imp in found[p]
            if not imp.type_only and imp.module.split(".")[0] == target
        ]
        out.append(f"  {source} -> {target}: {len(hits)}" + "".join(f"\n      {h}" for h in hits))

    for at_import_only, title in (
        (True, "import cycles (imports that run at import time)"),
        (False, "import cycles counting imports inside functions too"),
    ):
        lines = []
        for package in CYCLE_PACKAGES:
            graph = import_graph(root, found, package, at_import_only)
            for component in cycles(graph):
                lines.append(f"  {package}: " + " <-> ".join(component))
                members = set(component)
                lines += [
                    f"      {where(graph[m][t])}"
                    for m in component
                    for t in sorted(graph[m])
                    if t in members
                ]
        count = sum(1 for line in lines if not line.startswith("      "))
        out.append(f"\n{title}: {count}")
        out += lines

    sizes = sorted(
        ((sum(1 for _ in p.open(encoding="utf-8")), p.relative_to(root).as_posix()) for p in files),
        reverse=True,
    )
    out.append(
        f"\nmodule line counts: median {statistics.median(n for n, _ in sizes):g}, "
        f"largest {sizes[0][0]} ({sizes[0][1]})"
    )
    out += [f"  {n:5}  {name}" for n, name in sizes[:5]]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "tree",
        nargs="?",
        default=str(ROOT),
        help="root of the checkout to measure (default: this repository)",
    )
    root = Path(parser.parse_args(argv).tree).resolve()
    if not (root / "desktop").is_dir():
        parser.error(f"{root} has no desktop/ package")
    print("\n".join(report(root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
