"""The application style sheet (resources/styles/mia.qss) and font."""

from PySide6.QtWidgets import QApplication

from resources import path as resource_path


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    qss = resource_path("styles", "mia.qss")
    if qss.exists():
        icons = resource_path("icons").as_posix()
        app.setStyleSheet(qss.read_text(encoding="utf-8").replace("@ICONS@", icons))
