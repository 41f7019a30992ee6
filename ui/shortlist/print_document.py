"""Rendering the printable shortlist (HTML from catalog_app.shortlist.document) to PDF or a printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from catalog_app.model.wording import APP_TITLE
from ui.shortlist.vector_images import draw_svg_images_as_vectors

PAGE_MARGIN_MM = 15.0
PDF_RESOLUTION_DPI = 300

_own_application: QApplication | None = None  # kept alive when the command line had none


def ensure_gui_application() -> None:
    """QTextDocument needs an application object for its fonts; the command line has none of its own.

    A QApplication rather than a bare QGuiApplication, so that widgets can still be made later in the
    same process (a test run, or the app opened after an export).
    """
    global _own_application
    if QCoreApplication.instance() is None:
        _own_application = QApplication([])


def document_for(html: str, device: QPagedPaintDevice) -> QTextDocument:
    """A document laid out on the device's A4 page, inside the page margins."""
    document = QTextDocument()
    document.setHtml(html)
    draw_svg_images_as_vectors(document)  # the cost chart as vector, not a bitmap
    layout = device.pageLayout()
    paint_rect = layout.paintRectPoints()
    # Points are the document's units here, so text sizes given in pt come out at their real size.
    document.setPageSize(QSizeF(paint_rect.width(), paint_rect.height()))
    document.setDocumentMargin(0)
    return document


def page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(html: str, path: Path, *, title: str = "") -> int:
    """Write the document to `path` as an A4 PDF; returns the number of pages."""
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION_DPI)
    writer.setPageLayout(page_layout())
    writer.setCreator(APP_TITLE)
    writer.setTitle(title or APP_TITLE)
    document = document_for(html, writer)
    document.print_(writer)
    pages = document.pageCount()
    del writer  # closes the file
    return pages


def print_with_preview(html: str, parent: QWidget | None = None) -> bool:
    """Show the print preview; returns True when the user printed."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout())
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print shortlist")
    dialog.setAccessibleName("Print preview")

    def paint(target: QPrinter) -> None:
        document_for(html, target).print_(target)

    dialog.paintRequested.connect(paint)
    return dialog.exec() == QPrintPreviewDialog.DialogCode.Accepted
