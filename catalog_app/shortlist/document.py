"""The printable shortlist (PDF and Print) as HTML for Qt's QTextDocument.

QTextDocument understands a subset of HTML 4 and CSS: tables with cellpadding and borders,
font sizes, colours and background colours, but no flexbox and no borders on divs. The layout
keeps to that subset so that the PDF looks the same on every platform.
"""

from __future__ import annotations

from base64 import b64encode
from html import escape

from catalog_app.model.display import format_money, format_money_range, format_months
from catalog_app.shortlist.export_data import ExportRow, ShortlistExport

MAX_REASONS = 3  # per product, so that the document stays at one or two pages

STYLE = """
body { font-family: 'DejaVu Sans', 'Helvetica', 'Arial', sans-serif; font-size: 9pt; color: #1d2630; }
h1 { font-size: 17pt; margin-bottom: 2px; color: #123a5a; }
h2 { font-size: 12pt; margin-top: 16px; margin-bottom: 4px; color: #123a5a; }
p { margin-top: 2px; margin-bottom: 3px; }
.meta { color: #4a5560; }
.small { font-size: 8pt; color: #4a5560; }
.dropped { font-size: 8pt; color: #8a4b00; }
th { background-color: #dde7f1; text-align: left; font-weight: bold; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
.note { font-style: italic; }
"""


def shortlist_html(data: ShortlistExport) -> str:
    parts = [
        "<html><head><meta charset='utf-8'>",
        f"<title>{escape(_title(data))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(_title(data))}</h1>",
        f"<p class='meta'>Prepared {escape(data.date_text)} &middot; for: {escape(data.profile_summary)}</p>",
        f"<p class='meta'>Costs are worked out {escape(data.costs_text)}.</p>",
        # The health line goes first, where a client reads it, not in small print at the end.
        "<table width='100%' cellspacing='0' cellpadding='6' border='0' bgcolor='#fff4dc'>",
        f"<tr><td><b>Please note:</b> {escape(data.health_note)}</td></tr></table>",
        *_warnings(data),
    ]
    if not data.rows:
        parts.append("<p>This shortlist is empty.</p>")
    else:
        parts += _picks_table(data)
        parts += _cost_chart(data)  # on the first page, under the picks
        parts += _comparison_table(data)
        parts += _fit_section(data)
    parts += [
        f"<p class='small'>Catalog: {escape(data.catalog_source)}. Prices and lifespans are the catalog's "
        "typical figures; shops may differ.</p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _warnings(data: ShortlistExport) -> list[str]:
    """Each warning sign's note in the profile, in its own box under the health line."""
    return [
        "<table width='100%' cellspacing='0' cellpadding='6' border='0' bgcolor='#fde2e0'>"
        f"<tr><td><b>See a professional:</b> {escape(text)}</td></tr></table>"
        for text in data.warnings
    ]


def _title(data: ShortlistExport) -> str:
    return f"Shortlist: {data.name}"


def _table_start(headers: list[tuple[str, str, int]]) -> list[str]:
    """A full-width table; each header is (text, css class, width in percent)."""
    cells = "".join(f"<th class='{css}' width='{width}%'>{escape(text)}</th>" for text, css, width in headers)
    return ["<table width='100%' cellspacing='0' cellpadding='4' border='0'>", f"<tr>{cells}</tr>"]


def _row_colour(number: int) -> str:
    return "#ffffff" if number % 2 else "#f3f6f9"


def _product_cell(row: ExportRow) -> str:
    text = f"<b>{escape(row.item.name)}</b><br/><span class='small'>{escape(row.item.brand)}</span>"
    if row.catalog_status:
        text += f"<br/><span class='dropped'>{escape(row.catalog_status)}</span>"
    return text


def _picks_table(data: ShortlistExport) -> list[str]:
    scored = any(row.fit_score is not None for row in data.rows)
    headers = [("#", "num", 4), ("Product", "", 33), ("Price", "num", 11)]
    if scored:
        headers.append(("Fit", "num", 11))
    headers.append(("Note", "", 41 if scored else 52))
    out = ["<h2>Your picks</h2>", *_table_start(headers)]
    for row in data.rows:
        price = row.product.get("price", row.item.price)
        cells = [
            f"<td class='num'>{row.position}</td>",
            f"<td>{_product_cell(row)}</td>",
            f"<td class='num'>{escape(format_money(price, row.currency))}</td>",
        ]
        if scored:
            fit = escape("—" if row.fit_score is None else f"{row.fit_score:.0f}/100")
            if row.fit_confidence:
                fit += f"<br/><span class='small'>{escape(row.fit_confidence)} confidence</span>"
            cells.append(f"<td class='num'>{fit}</td>")
        note = escape(row.item.note).replace("\n", "<br/>") if row.item.note else ""
        cells.append(f"<td class='note'>{note}</td>")
        out.append(f"<tr bgcolor='{_row_colour(row.position)}'>{''.join(cells)}</tr>")
    out.append("</table>")
    return out


def _comparison_table(data: ShortlistExport) -> list[str]:
    compared = [row for row in data.rows if row.in_catalog]
    if not compared:
        return []
    horizon = data.options.horizon_months
    headers = [
        ("Product", "", 17),
        ("Lasts", "", 12),
        ("Per month of wear", "num", 14),
        (f"Over {horizon} months", "num", 14),
        ("Cost notes", "", 43),
    ]
    out = ["<h2>Comparison and costs</h2>", *_table_start(headers)]
    for number, row in enumerate(compared, start=1):
        product = row.product
        lifespan = format_months(float(product["lifespan_months"]), product.get("lifespan_months_max"))
        per_month = format_money(row.cost_per_month, row.currency)
        if row.cost_over_horizon_range is not None:
            low, high = row.cost_over_horizon_range
            # A range breaks after the dash, so that the notes column keeps its width.
            total = escape(format_money_range(low, high, row.currency)).replace("–", "–<br/>")
        else:
            total = escape(format_money(row.cost_over_horizon, row.currency))
        notes = "<br/>".join(f"&bull; {escape(note)}" for note in row.cost_notes)
        out.append(
            f"<tr bgcolor='{_row_colour(number)}'><td><b>{escape(row.item.name)}</b></td>"
            f"<td>{escape(lifespan)}</td><td class='num'>{escape(per_month)}</td>"
            f"<td class='num'>{total}</td><td class='small'>{notes}</td></tr>"
        )
    out.append("</table>")
    currencies = {row.currency for row in compared}
    if len(currencies) > 1:
        out.append(
            "<p class='small'>These products are priced in different currencies; "
            "costs are compared only within the same currency.</p>"
        )
    return out


# The chart's size in the document's units (points); A4 inside 15 mm margins is 510 points wide.
CHART_WIDTH_POINTS = 460
CHART_HEIGHT_POINTS = 200
SVG_DATA_PREFIX = "data:image/svg+xml;base64,"


def _cost_chart(data: ShortlistExport) -> list[str]:
    """The cumulative-cost chart as an SVG image; the PDF renderer draws it as vector."""
    if not data.chart_costs:
        return []
    # matplotlib (about 20 MB resident) is imported by the first document with a chart, not by
    # opening the shortlist store, which imports this module.
    from catalog_app.costs.cost_chart_figure import cost_chart_svg

    svg = cost_chart_svg(
        data.chart_costs,
        data.options.horizon_months,
        width_inches=CHART_WIDTH_POINTS / 72,
        height_inches=CHART_HEIGHT_POINTS / 72,
    )
    source = SVG_DATA_PREFIX + b64encode(svg.encode("utf-8")).decode("ascii")
    return [
        f"<p><img src='{source}' width='{CHART_WIDTH_POINTS}' height='{CHART_HEIGHT_POINTS}' "
        "alt='Money spent on each pick over the horizon'/></p>"
    ]


def _fit_section(data: ShortlistExport) -> list[str]:
    rows = [row for row in data.rows if row.in_catalog and (row.fit_reasons or row.exclusion_reason)]
    if not rows:
        return []
    out = ["<h2>How each fits the profile</h2>"]
    for row in rows:
        score = "" if row.fit_score is None else f" &mdash; fit {row.fit_score:.0f}/100"
        if row.fit_confidence:
            score += f", {escape(row.fit_confidence)} confidence"
        reasons = list(row.fit_reasons[:MAX_REASONS])
        if row.exclusion_reason:
            reasons.insert(0, f"cannot fit: {row.exclusion_reason}")
        text = "; ".join(escape(reason) for reason in reasons)
        out.append(f"<p><b>{escape(row.item.name)}</b>{score}: {text}.</p>")
    return out
