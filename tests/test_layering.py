"""The layering of shared/architecture.md, checked on the source of the whole repository.

Every .py file of the packages is parsed with ``ast``; every import counts, at module level and
inside functions, ``import x`` and ``from x import y``, relative ones resolved. Paths are taken
from this file's place (the repository root is its parent's parent), never from the working
directory, so the test checks the same files from wherever pytest runs. Each rule is one case;
a failure names file:line and the import.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("casefile", "desktop", "sync_server", "demodata")
REQUIRED = ("casefile", "desktop", "sync_server")          # demodata is new: checked once there
QT = ("PySide6", "shiboken6", "PyQt")                       # PyQt: PyQt5, PyQt6 ... (a prefix)
HTTP = ("requests", "httpx", "urllib3", "aiohttp")
SERVER_STACK = ("fastapi", "starlette", "uvicorn")
DATABASE = ("sqlalchemy", "alembic")
STDLIB = frozenset(sys.stdlib_module_names)


@dataclass(frozen=True)
class Import:
    path: Path          # the importing file
    line: int
    text: str           # the statement as written (ast.unparse)
    module: str         # the imported module, absolute (relative imports resolved)
    names: tuple        # for ``from module import a, b``: (a, b); else ()
    top_level: bool     # runs when the module is imported (not inside a function)
    type_only: bool = False   # under ``if TYPE_CHECKING``: never runs

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path) -> list[Import]:
    """Every import statement of *path*, relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, top_level: bool, type_only: bool = False) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    found.append(Import(path, child.lineno, ast.unparse(child), alias.name, (),
                                        top_level, type_only))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - (child.level - 1)]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                found.append(Import(path, child.lineno, ast.unparse(child), module,
                                    tuple(a.name for a in child.names), top_level, type_only))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, False, type_only)
            elif isinstance(child, ast.If) and _is_type_checking(child):
                visit(child, False, True)    # never runs: no edge of an import cycle
            else:
                visit(child, top_level, type_only)

    visit(tree, True)
    return found


def _source_files() -> list[Path]:
    files = []
    for package in PACKAGES:
        files += sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)
    return files


FILES = _source_files()
IMPORTS = {path: imports_of(path) for path in FILES}


def _top(module: str) -> str:
    return module.split(".")[0]


def _under(path: Path, prefix: str) -> bool:
    rel = path.relative_to(ROOT).as_posix()
    return rel == prefix or rel.startswith(prefix.rstrip("/") + "/")


@dataclass(frozen=True)
class Rule:
    """Files under *sources* (minus *exempt*) import no module whose top-level name is in
    *forbidden* (or starts with ``PyQt``); with *only*, nothing but those and the standard
    library."""
    id: str
    sources: tuple
    forbidden: tuple = ()
    only: tuple | None = None
    exempt: tuple = field(default=())

    def files(self) -> list[Path]:
        return [p for p in FILES if any(_under(p, s) for s in self.sources)
                and not any(_under(p, e) for e in self.exempt)]

    def breaks(self, imp: Import) -> bool:
        top = _top(imp.module)
        if not top:
            return False
        if self.only is not None:
            return top not in self.only and top not in STDLIB
        return top in self.forbidden or ("PyQt" in self.forbidden and top.startswith("PyQt"))


RULES = [
    Rule("casefile-imports-no-qt-http-server-database-or-other-package", ("casefile",),
         forbidden=QT + HTTP + SERVER_STACK + DATABASE + ("desktop", "sync_server", "demodata")),
    Rule("desktop-never-imports-sync_server", ("desktop",), forbidden=("sync_server",)),
    Rule("sync_server-never-imports-desktop", ("sync_server",), forbidden=("desktop",)),
    Rule("demodata-imports-only-casefile-and-the-standard-library", ("demodata",),
         only=("casefile", "demodata")),
    # The Qt bridge of sync is worker.py; the store and the rest of sync run without Qt.
    Rule("desktop-store-and-sync-import-no-qt", ("desktop/store", "desktop/sync"), forbidden=QT,
         exempt=("desktop/sync/worker.py",)),
]


def test_the_sources_were_found():
    """Never passes by finding nothing: the packages are there and hold their files."""
    for package in REQUIRED:
        assert (ROOT / package / "__init__.py").is_file(), f"{package} missing under {ROOT}"
    assert len(FILES) > 50, f"only {len(FILES)} .py files found under {ROOT}"
    assert sum(len(v) for v in IMPORTS.values()) > 200
    for rule in RULES:
        if (ROOT / rule.sources[0].split("/")[0]).is_dir():
            assert rule.files(), f"rule {rule.id} matches no file"


def test_every_package_has_its_rule():
    """Each package of the layout is in the table, present yet or not (demodata)."""
    covered = {_top(s.replace("/", ".")) for rule in RULES for s in rule.sources}
    assert covered >= set(PACKAGES)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_layer_rule(rule):
    files = rule.files()
    if not files:
        pytest.skip(f"{rule.sources[0]} does not exist (yet)")
    broken = [str(imp) for path in files for imp in IMPORTS[path] if rule.breaks(imp)]
    assert not broken, f"{rule.id}: {len(broken)} import(s) break it:\n" + "\n".join(broken)


# --- import cycles ------------------------------------------------------------------------------

def import_graph(package: str) -> dict[str, dict[str, Import]]:
    """module -> {imported module of the same package: the first import making the edge}, for
    every import that can run: at the top or inside a function (an import moved into a function
    hides a cycle, it does not end it), not those under TYPE_CHECKING."""
    modules = {module_name(p): p for p in FILES if _top(module_name(p)) == package}
    graph: dict[str, dict[str, Import]] = {m: {} for m in modules}

    def known(name: str) -> str | None:     # the longest prefix that is a module of ours
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    for name, path in modules.items():
        for imp in IMPORTS[path]:
            if imp.type_only or _top(imp.module) != package:
                continue
            # ``from pkg import mod`` imports the module pkg.mod; ``from mod import name`` mod.
            targets = [f"{imp.module}.{n}" if f"{imp.module}.{n}" in modules else known(imp.module)
                       for n in imp.names] or [known(imp.module)]
            for target in targets:
                if target and target != name:
                    graph[name].setdefault(target, imp)
    return graph


def cycles(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
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

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for v in sorted(graph):
            if v not in index:
                connect(v)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


@pytest.mark.parametrize("package", ["desktop", "sync_server", "casefile"])
def test_no_import_cycle_inside(package):
    graph = import_graph(package)
    assert graph, f"no module of {package} found"
    found = cycles(graph)
    lines = []
    for component in found:
        lines.append("cycle: " + " <-> ".join(component))
        members = set(component)
        for m in component:
            lines += [f"  {imp}" for target, imp in sorted(graph[m].items()) if target in members]
    assert not found, f"{len(found)} import cycle(s) among the module-level imports of {package}:\n" \
        + "\n".join(lines)
