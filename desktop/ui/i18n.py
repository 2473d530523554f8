"""Translations: German is the source language; English comes from Qt Linguist files.

``resources/translations/mia_desk_en.ts`` is produced with ``pyside6-lupdate`` and compiled to
``.qm`` with ``pyside6-lrelease`` (see ``tools/update_translations.py``). Setting the environment
variable ``MIA_PSEUDO_L10N=1`` stretches every string by 40 % to find clipped labels.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from resources import path as resource_path

log = logging.getLogger(__name__)

LANGUAGES = {"de": "Deutsch", "en": "English"}


class PseudoTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):
        return source_text + " ~" + "·" * max(1, len(source_text) * 2 // 5)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        # installTranslator() sends no LanguageChange for a translator that reports itself empty.
        return False


_installed: list[QTranslator] = []


def install(app: QCoreApplication, language: str) -> None:
    """Install the translators for *language*; may be called again to switch live."""
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    language = language if language in LANGUAGES else "de"
    app.setProperty("mia_language", language)
    QLocale.setDefault(
        QLocale(
            QLocale.Language.German if language == "de" else QLocale.Language.English,
            QLocale.Country.Germany,
        )
    )
    qt_tr = QTranslator(app)
    if qt_tr.load(
        QLocale(language),
        "qtbase",
        "_",
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
    ):
        app.installTranslator(qt_tr)
        _installed.append(qt_tr)
    if language != "de":
        own = QTranslator(app)
        qm = resource_path("translations", f"mia_desk_{language}.qm")
        if own.load(str(qm)):
            app.installTranslator(own)
            _installed.append(own)
        else:
            log.warning("translation %s could not be loaded; the UI stays German", qm)
    if os.environ.get("MIA_PSEUDO_L10N") == "1":
        pseudo = PseudoTranslator(app)
        app.installTranslator(pseudo)
        _installed.append(pseudo)
    # QApplication only posts LanguageChange to the windows: deliver it now, so that every open
    # window shows the new language when install() returns.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
