"""The layering of shared/architecture.md, checked on the source of the whole repository.

Every .py file of the packages is parsed with ``ast``; every import counts, at module level and
inside functions, ``import x`` and ``from x import y``, relative ones resolved (the analysis,
shared with tools/architecture_figures.py, is tools/imports.py). Paths are taken
from this file's place (the repository root is its parent's parent), never from the working
directory, so the test checks the same files from wherever pytest runs. Each rule is one case;
a failure names file:line and the import.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tools.imports import Import, cycles, import_graph, imports_of, package_files

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("casefile", "desktop", "sync_server", "demodata")
REQUIRED = ("casefile", "desktop", "sync_server")  # demodata is new: checked once there
QT = ("PySide6", "shiboken6", "PyQt")  # PyQt: PyQt5, PyQt6 ... (a prefix)
HTTP = ("requests", "httpx", "urllib3", "aiohttp")
SERVER_STACK = ("fastapi", "starlette", "uvicorn")
DATABASE = ("sqlalchemy", "alembic")
STDLIB = frozenset(sys.stdlib_module_names)


FILES = package_files(ROOT, PACKAGES)
IMPORTS = {path: imports_of(ROOT, path) for path in FILES}


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
        return [
            p
            for p in FILES
            if any(_under(p, s) for s in self.sources)
            and not any(_under(p, e) for e in self.exempt)
        ]

    def breaks(self, imp: Import) -> bool:
        top = _top(imp.module)
        if not top:
            return False
        if self.only is not None:
            return top not in self.only and top not in STDLIB
        return top in self.forbidden or ("PyQt" in self.forbidden and top.startswith("PyQt"))


RULES = [
    Rule(
        "casefile-imports-no-qt-http-server-database-or-other-package",
        ("casefile",),
        forbidden=QT + HTTP + SERVER_STACK + DATABASE + ("desktop", "sync_server", "demodata"),
    ),
    Rule("desktop-never-imports-sync_server", ("desktop",), forbidden=("sync_server",)),
    Rule("sync_server-never-imports-desktop", ("sync_server",), forbidden=("desktop",)),
    Rule(
        "demodata-imports-only-casefile-and-the-standard-library",
        ("demodata",),
        only=("casefile", "demodata"),
    ),
    # The Qt bridge of sync is worker.py; the store and the rest of sync run without Qt.
    Rule(
        "desktop-store-and-sync-import-no-qt",
        ("desktop/store", "desktop/sync"),
        forbidden=QT,
        exempt=("desktop/sync/worker.py",),
    ),
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


@pytest.mark.parametrize("package", ["desktop", "sync_server", "casefile"])
def test_no_import_cycle_inside(package):
    # Every import that can run counts: at the top or inside a function (an import moved
    # into a function hides a cycle, it does not end it); not those under TYPE_CHECKING.
    graph = import_graph(ROOT, IMPORTS, package)
    assert graph, f"no module of {package} found"
    found = cycles(graph)
    lines = []
    for component in found:
        lines.append("cycle: " + " <-> ".join(component))
        members = set(component)
        for m in component:
            lines += [f"  {imp}" for target, imp in sorted(graph[m].items()) if target in members]
    assert not found, (
        f"{len(found)} import cycle(s) among the module-level imports of {package}:\n"
        + "\n".join(lines)
    )
