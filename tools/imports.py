"""The import analysis of a source tree, shared by tests/test_layering.py and
tools/architecture_figures.py.

Reads files with ``ast`` (imports nothing of the tree it reads). Every import statement counts,
at module level and inside functions, ``import x`` and ``from x import y``, relative ones made
absolute; an import under ``if TYPE_CHECKING:`` is marked ``type_only`` (it never runs).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Import:
    file: str  # the importing file, relative to the tree's root (``a/b.py``)
    line: int
    text: str  # the statement as written (ast.unparse)
    module: str  # the imported module, absolute (relative imports resolved)
    names: tuple  # for ``from module import a, b``: (a, b); else ()
    top_level: bool  # runs when the module is imported (not inside a function)
    type_only: bool = False  # under ``if TYPE_CHECKING``: never runs

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}"


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_files(root: Path, packages: Iterable[str]) -> list[Path]:
    """The .py files of *packages* under *root*, package by package, each sorted."""
    files: list[Path] = []
    for package in packages:
        files += sorted(p for p in (root / package).rglob("*.py") if "__pycache__" not in p.parts)
    return files


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(root: Path, path: Path, tree: ast.AST | None = None) -> list[Import]:
    """Every import statement of *path* (parsed from the file unless *tree* is given)."""
    if tree is None:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    file = path.relative_to(root).as_posix()
    found: list[Import] = []

    def visit(node: ast.AST, top_level: bool, type_only: bool = False) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append(
                        Import(
                            file,
                            child.lineno,
                            ast.unparse(child),
                            alias.name,
                            (),
                            top_level,
                            type_only,
                        )
                    )
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                found.append(
                    Import(
                        file,
                        child.lineno,
                        ast.unparse(child),
                        module,
                        tuple(a.name for a in child.names),
                        top_level,
                        type_only,
                    )
                )
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, False, type_only)
            elif isinstance(child, ast.If) and _is_type_checking(child):
                visit(child, False, True)  # never runs: no edge of an import cycle
            else:
                visit(child, top_level, type_only)

    visit(tree, True)
    return found


def import_graph(
    root: Path, imports: Mapping[Path, list[Import]], package: str, at_import_only: bool = False
) -> dict[str, dict[str, Import]]:
    """module -> {imported module of the same *package*: the first import making the edge},
    over the files of *imports* (file -> its imports). Imports under TYPE_CHECKING never count;
    imports inside functions count unless *at_import_only* (an import moved into a function
    hides a cycle, it does not end it)."""
    modules = {
        module_name(root, p): p for p in imports if module_name(root, p).split(".")[0] == package
    }
    graph: dict[str, dict[str, Import]] = {m: {} for m in modules}

    def known(name: str) -> str | None:  # the longest prefix that is a module of ours
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    for name, path in modules.items():
        for imp in imports[path]:
            if (
                imp.type_only
                or (at_import_only and not imp.top_level)
                or imp.module.split(".")[0] != package
            ):
                continue
            # ``from pkg import mod`` imports the module pkg.mod; ``from mod import name`` mod.
            targets = [
                f"{imp.module}.{n}" if f"{imp.module}.{n}" in modules else known(imp.module)
                for n in imp.names
            ] or [known(imp.module)]
            for target in targets:
                if target and target != name:
                    graph[name].setdefault(target, imp)
    return graph


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, without recursion),
    each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
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
