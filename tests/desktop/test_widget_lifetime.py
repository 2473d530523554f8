"""Why the cyclic garbage collector runs only between tests (tests/conftest.py), shown in a
subprocess: a widget tree held only by a reference cycle is deleted by the collector in the
middle of one of its own slots; held by a reference (as the app holds its windows, and as every
dialog has a parent), it is not."""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import gc, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

    app = QApplication([])

    class Panel(QWidget):
        # As desktop.ui.sections.SectionPanel: a scroll area, and a deferred scroll after a
        # form was opened.
        def __init__(self, parent):
            super().__init__(parent)
            self.scroll = QScrollArea()
            QVBoxLayout(self).addWidget(self.scroll)
            QTimer.singleShot(0, self, self.reveal)

        def reveal(self):
            gc.collect()                   # what any allocation in the slot may trigger
            print("height", self.scroll.viewport().height(), flush=True)

    view = QWidget()
    view.panel = Panel(view)
    view.itself = view                     # a cycle, as lambdas connected to signals make
    held = [view] if sys.argv[1] == "held" else []
    del view
    QTimer.singleShot(200, app.quit)
    app.exec()
""")


def run(mode: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], env=env, capture_output=True, text=True, timeout=60
    )


def test_a_tree_held_only_by_a_cycle_is_freed_under_its_own_slot():
    result = run("cycle")
    # The scroll area is gone while reveal() runs: PySide6 notices it here ("already
    # deleted"); where it does not, Qt reads freed memory (the segfault seen in CI).
    assert "height" not in result.stdout
    assert result.returncode != 0 or "already deleted" in result.stderr


def test_a_held_tree_lives_through_its_slot():
    result = run("held")
    assert result.returncode == 0 and "height" in result.stdout, result.stderr
