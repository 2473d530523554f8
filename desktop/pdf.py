"""Rich text printed to an A4 PDF with Qt (offscreen too): the consent form uses it. (The
server prints its access export without Qt: ``sync_server.export_pdf``.)"""

from __future__ import annotations

from pathlib import Path


def write_html_pdf(
    html: str, path: Path | str, *, title: str, point_size: float, margin_mm: float
) -> Path:
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Unit.Millimeter
    )
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("MiA Desk")
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # fonts at the PDF's resolution
    font = QFont("DejaVu Sans")
    font.setPointSizeF(point_size)
    doc.setDefaultFont(font)
    doc.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    # The layout points at the writer: the document must go first (a layout left with a
    # deleted paint device crashes the next event loop turn).
    del doc
    del writer
    return path
