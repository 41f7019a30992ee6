"""SVG images in a QTextDocument drawn as vector graphics, so that a printed chart stays sharp.

QTextDocument draws an `<img>` as a bitmap. The printable shortlist embeds its chart as an SVG data
URL; `draw_svg_images_as_vectors` swaps each such image for a text object that QSvgRenderer paints
straight onto the printer or PDF page, where it becomes paths and text rather than pixels.
"""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import QByteArray, QRect, QRectF, QSizeF
from PySide6.QtGui import (
    QPainter,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
)
from PySide6.QtSvg import QSvgRenderer

from catalog_app.shortlist.document import SVG_DATA_PREFIX

SVG_OBJECT_TYPE = QTextFormat.ObjectTypes.UserObject + 1
SVG_DATA = QTextFormat.Property.UserProperty + 1
SVG_SIZE = QTextFormat.Property.UserProperty + 2
OBJECT_REPLACEMENT_CHARACTER = "\ufffc"


class SvgTextObject(QPyTextObject):
    """Lays out an SVG at the size its `<img>` asked for and paints it with QSvgRenderer."""

    def intrinsicSize(self, document: QTextDocument, position: int, text_format: QTextFormat) -> QSizeF:
        size = text_format.property(SVG_SIZE)
        return size if isinstance(size, QSizeF) else QSizeF(0, 0)

    def drawObject(
        self, painter: QPainter, rect: QRectF | QRect, document: QTextDocument, position: int, text_format: QTextFormat
    ) -> None:
        renderer = QSvgRenderer(text_format.property(SVG_DATA))
        renderer.render(painter, QRectF(rect))


def _svg_images(document: QTextDocument) -> list[tuple[int, int, QTextImageFormat]]:
    """(position, length, format) of every image fragment whose source is an SVG data URL."""
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            text_format = fragment.charFormat()
            if text_format.isImageFormat():
                image = text_format.toImageFormat()
                if image.name().startswith(SVG_DATA_PREFIX):
                    found.append((fragment.position(), fragment.length(), image))
            iterator += 1
        block = block.next()
    return found


def draw_svg_images_as_vectors(document: QTextDocument) -> int:
    """Replace the document's SVG data-URL images by vector objects; returns how many were replaced."""
    handler = SvgTextObject(document)  # the document keeps it alive
    layout = document.documentLayout()
    layout.registerHandler(SVG_OBJECT_TYPE, handler)
    replaced = 0
    for position, length, image in reversed(_svg_images(document)):
        try:
            svg = base64.b64decode(image.name()[len(SVG_DATA_PREFIX) :], validate=True)
        except (binascii.Error, ValueError):
            continue
        svg_format = QTextCharFormat()
        svg_format.setObjectType(SVG_OBJECT_TYPE)
        svg_format.setProperty(SVG_DATA, QByteArray(svg))
        svg_format.setProperty(SVG_SIZE, QSizeF(image.width(), image.height()))
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(OBJECT_REPLACEMENT_CHARACTER, svg_format)
        replaced += 1
    return replaced
