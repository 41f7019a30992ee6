"""The finder's panes one at a time, driven as a user would: profile, filters, results hint, details."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from catalog_app.finder.filters import FilterState, RelaxHint
from catalog_app.finder.finder import find_products
from catalog_app.finder.fit_score import score_products
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.model.profile import FootProfile
from catalog_app.model.wording import FORBIDDEN_CLAIMS, HEALTH_NOTE
from catalog_app.storage.profile_store import STORE_NAME, ProfileStore
from ui.finder.catalog_table_model import COLUMN_INDEX, CatalogTableModel
from ui.finder.detail_pane import DetailPane
from ui.finder.filter_pane import FilterPane
from ui.finder.profile_pane import ProfilePane
from ui.finder.results_view import EmptyResultHint

WORK_BOOTS_PROFILE = FootProfile(
    arch="flat", pronation="overpronation", concerns=("lower-back-pain",), shoe_types=("work-boots",)
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click the box where a person does: on its indicator (the box stretches wider than its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


# ---- profile pane ----------------------------------------------------------------------------


def make_profile_pane(qtbot: QtBot) -> ProfilePane:
    pane = ProfilePane()
    qtbot.addWidget(pane)
    pane.show()
    return pane


def test_ticking_answers_builds_the_profile(qtbot: QtBot) -> None:
    pane = make_profile_pane(qtbot)
    with qtbot.waitSignal(pane.profileChanged) as signal:
        pane.arch.setCurrentIndex(pane.arch.findData("flat"))
    assert signal.args[0] == FootProfile(arch="flat")
    with qtbot.waitSignal(pane.profileChanged) as signal:
        tick(qtbot, pane.concerns.box("metatarsalgia"))
    assert signal.args[0].concerns == ("metatarsalgia",)
    tick(qtbot, pane.shoe_types.box("work-boots"))
    tick(qtbot, pane.shoe_types.box("casual"))
    assert pane.profile().shoe_types == ("work-boots", "casual")
    assert pane.budget.text() == "No limit" and pane.profile().budget is None
    pane.budget.setValue(60)
    assert pane.profile().budget == 60 and pane.profile().currency == "USD"
    with qtbot.waitSignal(pane.profileChanged) as signal:
        pane.budget_currency.setCurrentText("EUR")
    assert signal.args[0].currency == "EUR"
    pane.shoe_size.number.setFocus()
    pane.shoe_size.number.selectAll()
    qtbot.keyClicks(pane.shoe_size.number, "42")
    with qtbot.waitSignal(pane.profileChanged) as signal:
        qtbot.keyClick(pane.shoe_size.number, Qt.Key.Key_Return)
    assert signal.args[0].shoe_size == "EU 42"


def test_the_flats_and_heels_box_shows_its_ampersand(qtbot: QtBot) -> None:
    pane = make_profile_pane(qtbot)
    assert pane.shoe_types.text_of("flats-heels") == "Flats & heels"


def test_a_budget_in_another_currency_comes_back_the_same(qtbot: QtBot) -> None:
    pane = make_profile_pane(qtbot)
    profile = FootProfile(budget=80, currency="CHF", shoe_types=("dress",))
    pane.set_profile(profile)
    assert pane.profile() == profile
    pane.set_currencies(["USD", "SEK"])
    assert pane.budget_currency.currentText() == "CHF"
    assert pane.budget_currency.findText("SEK") >= 0


def test_set_profile_shows_it_and_emits_once(qtbot: QtBot) -> None:
    pane = make_profile_pane(qtbot)
    emitted: list[FootProfile] = []
    pane.profileChanged.connect(emitted.append)
    pane.set_profile(WORK_BOOTS_PROFILE)
    assert emitted == [WORK_BOOTS_PROFILE]
    assert pane.arch.currentText() == "Flat"
    assert pane.concerns.box("lower-back-pain").isChecked()
    pane.clear_button.click()
    assert emitted[-1] == FootProfile()
    assert not pane.concerns.box("lower-back-pain").isChecked()


def test_saving_loading_renaming_and_deleting_named_profiles(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    pane = make_profile_pane(qtbot)
    answers = iter(["Dad – work", "Anna", "Dad"])
    monkeypatch.setattr(pane, "ask_name", lambda *_args: next(answers))
    monkeypatch.setattr(pane, "confirm", lambda *_args: True)
    pane.set_profile(WORK_BOOTS_PROFILE)
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)  # no name yet: asks for one
    assert pane.profile_name() == "Dad – work"
    assert pane.message.text() == "Saved “Dad – work”."
    pane.set_profile(FootProfile(arch="high"))
    qtbot.mouseClick(pane.save_as_button, Qt.MouseButton.LeftButton)
    assert [pane.names.itemText(i) for i in range(pane.names.count())] == ["(unsaved profile)", "Anna", "Dad – work"]
    # Choosing a saved profile from the list loads it.
    with qtbot.waitSignal(pane.profileChanged) as signal:
        pane.names.setFocus()
        qtbot.keyClick(pane.names, Qt.Key.Key_Down)
    assert pane.profile_name() == "Dad – work"
    assert signal.args[0] == WORK_BOOTS_PROFILE
    qtbot.mouseClick(pane.rename_button, Qt.MouseButton.LeftButton)
    assert pane.profile_name() == "Dad"
    assert ProfileStore().names() == ["Anna", "Dad"]
    qtbot.mouseClick(pane.delete_button, Qt.MouseButton.LeftButton)
    assert ProfileStore().names() == ["Anna"]
    assert pane.profile_name() == ""
    assert not pane.delete_button.isEnabled()


def test_an_unreadable_profile_file_shows_a_message_not_a_crash(qtbot: QtBot, user_home: Path) -> None:
    (user_home / STORE_NAME).write_text("{ this is not json", encoding="utf-8")
    pane = make_profile_pane(qtbot)
    assert pane.message.isVisible()
    assert "could not be read" in pane.message.text()
    assert pane.names.count() == 1  # only "(unsaved profile)"; the pane keeps working
    pane.set_profile(FootProfile(arch="low"))
    assert pane.profile().arch == "low"


# ---- filter pane -----------------------------------------------------------------------------


def make_filter_pane(qtbot: QtBot, catalog: Catalog) -> FilterPane:
    pane = FilterPane()
    qtbot.addWidget(pane)
    pane.show()
    pane.filtersChanged.connect(lambda state: pane.set_facets(find_products(catalog, FootProfile(), state).facets))
    pane.set_facets(find_products(catalog, FootProfile(), FilterState()).facets)
    return pane


def test_every_option_shows_its_count_and_zero_options_are_greyed(qtbot: QtBot, catalog: Catalog) -> None:
    pane = make_filter_pane(qtbot, catalog)
    facets = find_products(catalog, FootProfile(), FilterState()).facets
    gel = pane.groups["category"].box("gel")
    assert gel.text() == f"Gel ({facets['category']['gel']})"
    assert pane.groups["features"].text_of("metatarsal_pad") == f"Metatarsal pad ({facets['metatarsal_pad']['true']})"
    with qtbot.waitSignal(pane.filtersChanged) as signal:
        tick(qtbot, pane.groups["shoe_types"].box("cleats"))
    assert signal.args[0].choices == {"shoe_types": frozenset({"cleats"})}
    zero = [box for box in pane.groups["category"].boxes() if box.text().endswith("(0)")]
    assert zero, "some category has no cleats insole in the bundled catalog"
    assert all(not box.isEnabled() and box.isVisible() for box in zero)
    # The chosen option stays clickable even if other filters bring it to zero.
    assert pane.groups["shoe_types"].box("cleats").isEnabled()


def test_ranges_and_clear_filters(qtbot: QtBot, catalog: Catalog) -> None:
    pane = make_filter_pane(qtbot, catalog)
    assert pane.price_min.text() == "Any"
    with qtbot.waitSignal(pane.filtersChanged) as signal:
        pane.price_max.setValue(40)
    assert signal.args[0].price_max == 40 and signal.args[0].price_min is None
    pane.lifespan_min.setValue(12)
    assert pane.state().lifespan_min == 12
    tick(qtbot, pane.groups["category"].box("gel"))
    with qtbot.waitSignal(pane.filtersChanged) as signal:
        qtbot.mouseClick(pane.clear_button, Qt.MouseButton.LeftButton)
    assert signal.args[0] == FilterState()
    assert pane.price_max.text() == "Any" and not pane.groups["category"].box("gel").isChecked()


def test_search_waits_for_a_pause_in_typing_and_esc_clears_it(qtbot: QtBot, catalog: Catalog) -> None:
    pane = make_filter_pane(qtbot, catalog)
    states: list[FilterState] = []
    pane.filtersChanged.connect(states.append)
    box = pane.search_box
    box.setFocus()
    with qtbot.waitSignal(pane.filtersChanged, timeout=2000):
        qtbot.keyClicks(box, "carbon ridge")
    assert [state.text for state in states] == ["carbon ridge"]  # one search, not one per key
    with qtbot.waitSignal(pane.filtersChanged) as signal:
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert signal.args[0].text == "" and box.text() == ""


def test_clearing_a_field_resets_its_controls(qtbot: QtBot, catalog: Catalog) -> None:
    pane = make_filter_pane(qtbot, catalog)
    pane.set_state(FilterState(text="gel", price_min=10).with_choice("category", {"gel"}))
    assert pane.search_box.text() == "gel" and pane.price_min.value() == 10
    pane.clear_field("text")
    assert pane.search_box.text() == "" and pane.state().price_min == 10
    pane.clear_field("category")
    assert not pane.groups["category"].box("gel").isChecked()


def test_sections_fold_away(qtbot: QtBot, catalog: Catalog) -> None:
    pane = make_filter_pane(qtbot, catalog)
    section = pane.sections["category"]
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    assert not section.is_expanded() and not section.body.isVisible()
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    assert section.body.isVisible()


# ---- results hint ----------------------------------------------------------------------------


def test_the_empty_result_hint_offers_a_button_per_filter(qtbot: QtBot) -> None:
    hint = EmptyResultHint()
    qtbot.addWidget(hint)
    hint.show()
    hint.show_hints([RelaxHint("category", 12), RelaxHint("profile", 3)])
    assert "Clear the Category filter to see 12 products." in hint.sentence.text()
    assert [button.text() for button in hint.buttons] == ["Clear the Category filter", "Show products that don't fit"]
    with qtbot.waitSignal(hint.relaxRequested) as signal:
        qtbot.mouseClick(hint.buttons[0], Qt.MouseButton.LeftButton)
    assert signal.args == ["category"]
    hint.show_hints([])
    assert [button.text() for button in hint.buttons] == ["Clear all filters"]


# ---- detail pane -----------------------------------------------------------------------------


def make_detail_pane(qtbot: QtBot) -> DetailPane:
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.resize(360, 700)
    pane.show()
    return pane


def test_details_show_attributes_reasons_notes_and_the_health_note(qtbot: QtBot, catalog: Catalog) -> None:
    pane = make_detail_pane(qtbot)
    assert pane.health_note.isVisible() and pane.health_note.text() == HEALTH_NOTE
    assert not pane.add_button.isEnabled()
    fit = score_products(catalog, WORK_BOOTS_PROFILE)
    position = catalog.position_of("northmarch-carbon-ridge")
    assert position is not None
    pane.show_product(catalog, position, fit, profile_set=True)
    text = pane.browser.toPlainText()
    assert pane.title.text() == "Carbon Ridge"
    assert f"Fit {fit.scores[position]:.0f} / 100" in text
    assert "+\nfirm arch support suits a flat or low arch and overpronation" in text
    assert "may help" in text
    assert "$124.95" in text and "30–48 months" in text
    assert "Rigid (functional)" in text
    assert "Care" in text and "Break-in" in text
    assert pane.health_note.isVisible()
    for word in FORBIDDEN_CLAIMS:
        assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), word
    with qtbot.waitSignal(pane.addToShortlistRequested) as signal:
        qtbot.mouseClick(pane.add_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["northmarch-carbon-ridge"]


def test_a_product_that_does_not_fit_says_why(qtbot: QtBot, catalog: Catalog) -> None:
    pane = make_detail_pane(qtbot)
    fit = score_products(catalog, FootProfile(shoe_types=("work-boots",), budget=30))
    position = catalog.position_of("northmarch-carbon-ridge")
    assert position is not None
    pane.show_product(catalog, position, fit, profile_set=True)
    assert "Doesn't fit your profile: costs $124.95, over your budget of $30.00." in pane.browser.toPlainText()


def test_without_a_profile_the_details_invite_one(qtbot: QtBot, catalog: Catalog) -> None:
    pane = make_detail_pane(qtbot)
    pane.show_product(catalog, 0, score_products(catalog, FootProfile()), profile_set=False)
    assert "No foot profile set" in pane.browser.toPlainText()
    pane.clear()
    assert pane.title.text() == "No product selected" and pane.product_id() == ""


# ---- table model -----------------------------------------------------------------------------


def test_the_model_after_results_with_products_that_do_not_fit(qtmodeltester, qtbot: QtBot, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    model = CatalogTableModel(catalog)
    fit = score_products(catalog, WORK_BOOTS_PROFILE)
    result = find_products(catalog, WORK_BOOTS_PROFILE, FilterState(), include_excluded=True, fit=fit)
    model.sort(COLUMN_INDEX["fit_score"], Qt.SortOrder.DescendingOrder)
    model.set_results(result.positions, fit.scores, fit.excluded)
    qtmodeltester.check(model)
    assert model.rowCount() == len(catalog)
    scores = [model.index(row, COLUMN_INDEX["fit_score"]).data() for row in range(model.rowCount())]
    assert [float(score) for score in scores] == sorted((float(score) for score in scores), reverse=True)
    excluded_rows = [row for row in range(model.rowCount()) if model.is_excluded(row)]
    assert len(excluded_rows) == int(np.count_nonzero(fit.excluded))
    font = model.index(excluded_rows[0], 1).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    model.set_results(result.positions[:5], None)
    qtmodeltester.check(model)
    assert model.index(0, COLUMN_INDEX["fit_score"]).data() == ""


@pytest.mark.parametrize(
    "profile",
    [
        FootProfile(arch="flat", pronation="overpronation", concerns=("plantar-fasciitis",), budget=60),
        FootProfile(shoe_types=("athletic",), activities=("running",)),
        FootProfile(arch="high", concerns=("metatarsalgia", "lower-back-pain"), shoe_types=("dress", "casual")),
    ],
)
def test_the_finders_order_is_the_tables_order_by_fit(profile: FootProfile) -> None:
    """The window hands the finder's order (best fit first, ties by cost) to a table sorted by fit
    without sorting again: that must be exactly what sorting by the Fit column gives."""
    catalog = load_bundled_catalog()
    result = find_products(catalog, profile, FilterState(), include_excluded=True)
    handed, sorted_again = CatalogTableModel(catalog), CatalogTableModel(catalog)
    for model in (handed, sorted_again):
        model.sort(COLUMN_INDEX["fit_score"], Qt.SortOrder.DescendingOrder)
    handed.set_results(result.positions, result.fit.scores, best_first=True)
    sorted_again.set_results(result.positions, result.fit.scores)
    assert handed.visible_positions.tolist() == sorted_again.visible_positions.tolist()
    scores = result.fit.scores[handed.visible_positions]
    assert (np.diff(scores) <= 0).all()  # best first
