"""Rich text printed to a PDF with Qt (offscreen too): the consent form, the referral slip, the
walk-in ticket and the allowance list use it. (The server prints its access export without Qt: ``sync_server.export_pdf``.)

The text is set in the DejaVu Sans shipped in ``resources/fonts`` (registered with Qt here, so
a laptop without it installed -- Windows -- prints the same); Qt shapes Arabic and Persian
through its own HarfBuzz and lays out right-to-left blocks (``dir="rtl"``).

Needs a ``QGuiApplication``; may run on a worker thread (``QTextDocument`` and ``QPdfWriter`` are
reentrant, ``QFontDatabase`` is thread-safe, and each thread checks letters with its own
``QRawFont``)."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from resources import path as resource_path

FONT_FAMILY = "DejaVu Sans"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
PAGES = ("A4", "A5", "A6")
_local = threading.local()  # one QRawFont per thread (a QRawFont is not shared across threads)


@cache
def register_fonts() -> str:
    """Make the shipped fonts known to Qt (once; needs a QGuiApplication); returns the family."""
    from PySide6.QtGui import QFontDatabase

    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
    return FONT_FAMILY


def printable(text: str) -> bool:
    """Whether the shipped regular font has a letter for every character of *text* (Qt would
    otherwise take another font, or print an empty box)."""
    font = _raw_font()
    joiners = "\u200c\u200d"  # zero-width (non-)joiners of Persian: no glyph of their own
    return all(ch.isspace() or ch in joiners or font.supportsCharacter(ord(ch)) for ch in text)


def _raw_font():
    font = getattr(_local, "raw_font", None)
    if font is None:
        from PySide6.QtGui import QRawFont

        font = _local.raw_font = QRawFont(str(resource_path("fonts", FONT_FILES[0])), 12)
    return font


def write_html_pdf(
    html: str,
    path: Path | str,
    *,
    title: str,
    point_size: float,
    margin_mm: float,
    page: str = "A4",
    images: dict | None = None,
) -> Path:
    """Lay out *html* and print it to *path*. *page* is "A4", "A5" or "A6"; *images* maps the names
    ``<img src="...">`` uses to QImages."""
    from PySide6.QtCore import QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    if page not in PAGES:
        raise ValueError(f"page {page!r}: one of {PAGES}")
    path = Path(path)
    family = register_fonts()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(getattr(QPageSize.PageSizeId, page)))
    writer.setPageMargins(
        QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Unit.Millimeter
    )
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("MiA Desk")
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # fonts at the PDF's resolution
    font = QFont(family)
    font.setPointSizeF(point_size)
    doc.setDefaultFont(font)
    for name, image in (images or {}).items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    # The layout points at the writer: the document must go first (a layout left with a
    # deleted paint device crashes the next event loop turn).
    del doc
    del writer
    return path
