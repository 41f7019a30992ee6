"""The comparison charts on matplotlib: names drawn as written, the palette followed, the chart in the PDF."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from catalog_app.costs.attribute_chart_figure import draw_attribute_chart
from catalog_app.costs.comparison import Comparison, compare_products
from catalog_app.costs.cost_chart_figure import cost_chart_svg, draw_cost_chart
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, bundled_catalog_path, load_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.shortlist.export import export_shortlist
from catalog_app.shortlist.store import ShortlistStore

FOAM, CARBON = "tidewell-cloudrest-full", "corvane-carbon-stride"
# A name a shop could type: dollar signs would be mathematics to matplotlib, <b> a tag to Qt.
ODD_NAME = "Cushion $x^2$ <b>bold</b> $24.95"


@pytest.fixture(scope="module")
def odd_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The bundled catalog with the foam insole renamed to ODD_NAME."""
    source = bundled_catalog_path()
    with source.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        if row["id"] == FOAM:
            row["name"] = ODD_NAME
    path = tmp_path_factory.mktemp("odd") / "odd.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return load_catalog(path)


@pytest.fixture
def comparison(odd_catalog: Catalog) -> Comparison:
    return compare_products(odd_catalog, [FOAM, CARBON], CostOptions(horizon_months=24))


def test_a_name_with_dollars_and_tags_is_drawn_as_written_not_as_mathematics(comparison: Comparison) -> None:
    svg = cost_chart_svg(comparison.products, 24, width_inches=6, height_inches=3)
    assert "Cushion $x^2$ &lt;b&gt;bold&lt;/b&gt; $24.95" in svg  # one piece of text, as typed
    for figure in (draw_cost_chart(comparison.products, 24), draw_attribute_chart(comparison)):
        legend = figure.legends[0]
        assert legend.get_texts()[0].get_text() == ODD_NAME
        assert not any(text.get_parse_math() for text in legend.get_texts())


def test_the_cost_chart_ends_at_the_cost_over_the_horizon(comparison: Comparison) -> None:
    figure = draw_cost_chart(comparison.products, 24)
    for line, cost in zip(figure.axes[0].get_lines(), comparison.products, strict=True):
        assert line.get_ydata()[-1] == pytest.approx(cost.cost_over_horizon)
        assert line.get_xdata()[-1] == 24


def test_the_window_chart_shows_the_odd_name_as_written(qtbot: QtBot, comparison: Comparison) -> None:
    from ui.compare.cost_chart import CostChartView

    view = CostChartView()
    qtbot.addWidget(view)
    view.resize(520, 320)
    view.show()
    view.set_comparison(comparison)
    texts = view.figure.legends[0].get_texts()
    assert texts[0].get_text() == ODD_NAME and not texts[0].get_parse_math()
    assert ODD_NAME in view.accessibleDescription()
    view.canvas.draw()  # a mathtext parse error would raise here
    assert not view.grab().isNull()


def _pdf_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return tool


def test_the_pdf_shortlist_has_the_cost_chart_as_vector_on_its_first_page(odd_catalog: Catalog, tmp_path: Path) -> None:
    from ui.shortlist.print_document import write_pdf

    store = ShortlistStore(tmp_path / "shortlists.sqlite3")
    store.create("Client A", None)
    for product_id in (FOAM, CARBON):
        position = odd_catalog.position_of(product_id)
        assert position is not None
        store.add("Client A", product_record(odd_catalog.frame, position))
    when = dt.datetime(2025, 3, 14, tzinfo=dt.UTC)
    path = tmp_path / "picks.pdf"
    export_shortlist(store, "Client A", odd_catalog, path, options=CostOptions(), when=when, render_pdf=write_pdf)
    store.close()
    first_page = subprocess.run(
        [_pdf_tool("pdftotext"), "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Money spent over 24 months, replacements included" in first_page  # the chart's title
    assert "Months" in first_page and "Spent (USD)" in first_page  # its axes, as text
    # In the picks table and, as written, in the chart's legend.
    assert " ".join(first_page.split()).count(ODD_NAME) >= 2
    images = subprocess.run(
        [_pdf_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) == 2  # only the header lines: no bitmap, the chart is vector
