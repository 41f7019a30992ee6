"""Drawn pictures for the "find your arch and gait" helper: wet footprints and worn shoes from behind.

Vector drawing with QPainter, so there are no image files to ship or download and the pictures
stay sharp at any screen scale. The pictures only illustrate: the radio button beside each one
carries the words, so a screen reader loses nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QTransform
from PySide6.QtWidgets import QSizePolicy, QWidget

# A brown paper bag with a darker wet print, as in the test itself; fixed colours, because the
# picture shows paper, not the window, and reads the same on light and dark palettes.
PAPER = QColor("#d9c29a")
PAPER_EDGE = QColor("#a88b5c")
WET_PRINT = QColor("#5a4a35")
FLOOR = QColor("#8c8c8c")
SHOE_UPPER = QColor("#4f6d8a")
SHOE_OUTLINE = QColor("#24384c")
SOLE = QColor("#3b3b3b")
WEAR = QColor("#e0772b")
UPRIGHT = QColor("#6b6b6b")

# How far across the midfoot the print reaches, from the outer edge (x in a 0..1 foot box; the
# right foot is drawn, so the inner edge and the arch are on the left).
MIDFOOT_INNER_EDGE = {"flat": 0.20, "medium": 0.48, "high": 0.75}
TILT_DEGREES = {"in": 9.0, "even": 0.0, "out": -9.0}


class ChoicePicture(QWidget):
    """A picture beside a choice; a click on it picks the choice (the radio button stays the focus target)."""

    clicked = Signal()

    def __init__(self, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Picture")
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class FootprintPicture(ChoicePicture):
    """A wet footprint of a right foot on paper: `arch` is flat, medium or high."""

    def __init__(self, arch: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(description, parent)
        self.arch = arch

    def sizeHint(self) -> QSize:
        return QSize(120, 190)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paper = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.setPen(QPen(PAPER_EDGE, 1.5))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(paper, 6, 6)
        foot = QRectF(paper.center().x() - 40, paper.top() + 10, 80, paper.height() - 20)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(WET_PRINT)
        painter.drawPath(footprint_path(self.arch, foot))
        painter.end()


def footprint_path(arch: str, box: QRectF) -> QPainterPath:
    """The print a right foot leaves: toes, and an outline whose inner edge curves in as far as the arch lifts."""

    def point(x: float, y: float) -> QPointF:
        return QPointF(box.left() + x * box.width(), box.top() + y * box.height())

    inner = MIDFOOT_INNER_EDGE.get(arch, MIDFOOT_INNER_EDGE["medium"])
    sole = QPainterPath(point(0.50, 0.98))  # the back of the heel
    sole.cubicTo(point(0.70, 0.98), point(0.78, 0.88), point(0.77, 0.76))  # heel, outer side
    sole.cubicTo(point(0.77, 0.62), point(0.84, 0.50), point(0.88, 0.36))  # outer edge of the midfoot
    sole.cubicTo(point(0.91, 0.26), point(0.80, 0.22), point(0.64, 0.23))  # ball, under the small toes
    sole.cubicTo(point(0.40, 0.22), point(0.10, 0.20), point(0.10, 0.33))  # ball, under the big toe
    sole.cubicTo(point(0.10, 0.42), point(inner, 0.48), point(inner, 0.58))  # inner edge: the arch
    sole.cubicTo(point(inner, 0.68), point(0.24, 0.72), point(0.24, 0.82))  # into the heel
    sole.cubicTo(point(0.24, 0.92), point(0.34, 0.98), point(0.50, 0.98))
    sole.closeSubpath()
    toes = ((0.20, 0.12, 0.10), (0.39, 0.09, 0.07), (0.54, 0.10, 0.06), (0.67, 0.13, 0.055), (0.78, 0.18, 0.05))
    for x, y, radius in toes:
        toe = QPainterPath()
        toe.addEllipse(point(x, y), radius * box.width(), radius * box.width() * 1.15)
        sole = sole.united(toe)
    return sole


class ShoeWearPicture(ChoicePicture):
    """A pair of worn shoes on a table seen from behind: `tilt` is in, even or out."""

    def __init__(self, tilt: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(description, parent)
        self.tilt = tilt

    def sizeHint(self) -> QSize:
        return QSize(180, 150)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        floor_y = self.height() - 18.0
        painter.setPen(QPen(FLOOR, 3))
        painter.drawLine(QPointF(6, floor_y), QPointF(self.width() - 6, floor_y))
        angle = TILT_DEGREES.get(self.tilt, 0.0)
        centre = self.width() / 2
        # Seen from behind, the left shoe is on the left. Tilting inward leans both tops towards the middle.
        self._draw_shoe(painter, QPointF(centre - 44, floor_y), angle, inner_side=+1)
        self._draw_shoe(painter, QPointF(centre + 44, floor_y), -angle, inner_side=-1)
        painter.end()

    def _draw_shoe(self, painter: QPainter, base: QPointF, angle: float, inner_side: int) -> None:
        painter.save()
        painter.setPen(QPen(UPRIGHT, 1, Qt.PenStyle.DashLine))
        painter.drawLine(base, base - QPointF(0, 112))  # upright, to see the tilt against
        # The shoe rests on the edge it leans towards, so it pivots there rather than sinking into the table.
        pivot = 30.0 if angle > 0 else -30.0
        transform = QTransform().translate(base.x() + pivot, base.y()).rotate(angle).translate(-pivot, 0)
        painter.setTransform(transform, combine=True)
        painter.setPen(QPen(SHOE_OUTLINE, 2))
        painter.setBrush(SHOE_UPPER)
        painter.drawPath(_heel_counter_path())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SOLE)
        painter.drawRoundedRect(QRectF(-30, -14, 60, 14), 4, 4)
        painter.setBrush(WEAR)
        for rect in _wear_patches(self.tilt, inner_side):
            painter.drawRoundedRect(rect, 3, 3)
        painter.restore()


def _heel_counter_path() -> QPainterPath:
    """The back of a shoe: wide at the sole, narrowing to the collar, with the opening on top."""
    path = QPainterPath(QPointF(-28, -14))
    path.cubicTo(QPointF(-32, -60), QPointF(-26, -90), QPointF(-20, -100))
    path.lineTo(QPointF(20, -100))
    path.cubicTo(QPointF(26, -90), QPointF(32, -60), QPointF(28, -14))
    path.closeSubpath()
    opening = QPainterPath()
    opening.addEllipse(QPointF(0, -98), 18, 5)
    return path.subtracted(opening)


def _wear_patches(tilt: str, inner_side: int) -> list[QRectF]:
    """Where the sole is worn: on the inner edge (in), the outer edge (out), or thinly all along (even)."""
    if tilt == "even":
        return [QRectF(-28, -4, 56, 4)]
    side = inner_side if tilt == "in" else -inner_side
    return [QRectF(4, -12, 26, 12) if side > 0 else QRectF(-30, -12, 26, 12)]
