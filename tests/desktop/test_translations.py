"""The English translation: complete, compiled, and in step with the strings in the code."""

import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "mia_desk_en.ts"
QM = TS.with_suffix(".qm")
PLACEHOLDER = re.compile(r"\{\w*\}|%n")


def load_tool():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages(path: Path = TS):
    """(context, source, numerus, translation element) of every current message."""
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") in ("vanished", "obsolete"):
                continue
            yield name, msg.findtext("source"), msg.get("numerus") == "yes", tr


def forms(tr) -> list[str]:
    """The translated text(s): one, or one per plural form."""
    return [f.text or "" for f in tr.findall("numerusform")] if list(tr) else [tr.text or ""]


def test_every_message_is_translated():
    missing = []
    for context, source, numerus, tr in messages():
        if (
            tr is None
            or tr.get("type") == "unfinished"
            or not all(t.strip() for t in forms(tr))
            or (numerus and len(forms(tr)) != 2)
        ):
            missing.append((context, source))
    assert not missing, f"untranslated: {missing}"


def test_translations_keep_placeholders_accelerators_and_line_breaks():
    wrong = []
    for context, source, _numerus, tr in messages():
        for text in forms(tr):
            if (
                sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
                or source.count("\n") != text.count("\n")
                or ("&" in source) != ("&" in text)
            ):
                wrong.append((context, source, text))
    assert not wrong


def test_every_message_has_a_context():
    """A message in the empty context is never found: the app always asks with a context."""
    orphans = [source for context, source, _n, _tr in messages() if not context]
    assert not orphans


@pytest.fixture
def english(qapp):
    translator = QTranslator()
    assert translator.load(str(QM)), f"cannot load {QM}"
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def test_qm_is_compiled_from_the_ts(english):
    assert QM.exists() and QM.stat().st_size > 1000
    # Known strings from different contexts, also through the app-wide lookup.
    assert english.translate("MainWindow", "Klient:innen") == "Clients"
    assert english.translate("MainWindow", "&Datei") == "&File"
    assert QCoreApplication.translate("models", "Beratung") == "Consultation"
    assert (
        QCoreApplication.translate("ClientFileView", "Stammdaten bearbeiten") == "Edit master data"
    )
    from casefile.validation import MESSAGES

    assert (
        QCoreApplication.translate("validation", MESSAGES["required"])
        == "Please fill in this field."
    )
    from casefile.sync import REASONS  # why the server refused a change (the list of refusals)

    assert QCoreApplication.translate("sync", REASONS["forbidden"]).startswith("Not permitted:")
    assert (
        QCoreApplication.translate(
            "SearchPanel", "%n Treffer – Pfeiltasten wählen, Enter öffnet", "", 3
        )
        == "3 matches – arrow keys select, Enter opens"
    )
    # And every message: the .qm says what the .ts says (a stale .qm fails here).
    stale = []
    for context, source, numerus, tr in messages():
        if numerus:
            # QTranslator picks the form; replacing %n is QCoreApplication.translate's job.
            got, want = [english.translate(context, source, "", n) for n in (1, 2)], forms(tr)
        else:
            got, want = english.translate(context, source), forms(tr)[0]
        if got != want:
            stale.append((context, source, got, want))
    assert not stale, f"{QM.name} is out of date, run tools/update_translations.py --no-update"


def lupdate() -> str | None:
    local = Path(sys.executable).parent / "pyside6-lupdate"
    return str(local) if local.exists() else shutil.which("pyside6-lupdate")


@pytest.mark.skipif(lupdate() is None, reason="pyside6-lupdate not found")
def test_no_source_string_is_missing_from_the_ts(tmp_path):
    tool = load_tool()
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            lupdate(),
            *tool.sources(),
            "-source-language",
            "de_DE",
            "-target-language",
            "en_GB",
            "-no-obsolete",
            "-ts",
            str(fresh),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    in_code = {(c, s) for c, s, _n, _tr in messages(fresh)}
    committed = {(c, s) for c, s, _n, _tr in messages()}
    assert in_code, "lupdate found no strings at all"
    missing = sorted(in_code - committed)
    assert not missing, (
        f"strings not in mia_desk_en.ts, run tools/update_translations.py: {missing}"
    )
