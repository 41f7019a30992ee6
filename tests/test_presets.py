"""Saved filter presets: the store, the command line and the filter pane share them; a preset stays live."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from catalog_app.cli.main import main
from catalog_app.finder.filter_presets import (
    PresetError,
    delete_preset,
    filters_from_json,
    load_preset,
    narrowed,
    preset_names,
    rename_preset,
    save_preset,
)
from catalog_app.finder.filters import FilterState
from catalog_app.finder.finder import find_products
from catalog_app.io.catalog import bundled_catalog_path, load_bundled_catalog, load_catalog
from catalog_app.model.profile import FootProfile
from catalog_app.storage.preset_store import STORE_NAME, PresetStore

WORK_BOOTS = FilterState(price_max=60.0, text="cushion").with_choice("category", {"memory-foam", "gel"})


def test_a_saved_preset_comes_back_exactly_and_names_ignore_case_and_spaces(user_home: Path) -> None:
    assert save_preset("  Work   boots ", WORK_BOOTS) == "Work boots"
    assert preset_names() == ["Work boots"]
    name, state = load_preset("work BOOTS")
    assert (name, state) == ("Work boots", WORK_BOOTS)
    assert rename_preset("work boots", "Boots under 60") == "Boots under 60"
    save_preset("Another", FilterState())
    with pytest.raises(PresetError, match="already exists"):
        rename_preset("another", "boots UNDER 60")
    assert delete_preset("BOOTS under 60") == "Boots under 60"
    assert preset_names() == ["Another"]
    stored = json.loads((user_home / STORE_NAME).read_text(encoding="utf-8"))
    assert stored["version"] == 1 and list(stored["presets"]) == ["Another"]


def test_an_unreadable_store_is_kept_aside_and_a_bad_preset_is_one_sentence(user_home: Path) -> None:
    (user_home / STORE_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(PresetError, match=r"kept as filter-presets\.unreadable-"):
        preset_names()
    assert preset_names() == []  # a fresh list; the old file is still there, renamed
    assert len(list(user_home.glob("filter-presets.unreadable-*.json"))) == 1
    with pytest.raises(PresetError, match="“plastic” is not a category"):
        filters_from_json({"choices": {"category": ["plastic"]}}, "Old")
    with pytest.raises(PresetError, match="a preset needs a name"):
        save_preset("   ", WORK_BOOTS)


def test_further_options_narrow_a_preset() -> None:
    extra = FilterState(price_min=20.0, price_max=80.0, text="heel").with_choice("category", {"gel", "cork"})
    both = narrowed(WORK_BOOTS, extra)
    assert both.choices["category"] == {"gel"}
    assert (both.price_min, both.price_max, both.text) == (20.0, 60.0, "cushion heel")
    with pytest.raises(PresetError, match="nothing would match"):
        narrowed(WORK_BOOTS, FilterState().with_choice("category", {"cork"}))


def test_a_preset_stays_live_when_the_catalog_changes(tmp_path: Path) -> None:
    save_preset("Gel", FilterState().with_choice("category", {"gel"}))
    lines = bundled_catalog_path().read_text(encoding="utf-8").splitlines()
    gel_rows = [line for line in lines[1:] if ",gel," in line]
    smaller = tmp_path / "smaller.csv"
    smaller.write_text("\n".join([lines[0], *gel_rows[:2]]) + "\n", encoding="utf-8")
    _name, state = load_preset("gel")
    full = find_products(load_bundled_catalog(), FootProfile(), state)
    small = find_products(load_catalog(smaller), FootProfile(), state)
    assert full.count > 2 and small.count == 2


def test_the_command_line_saves_lists_shows_searches_and_deletes(capsys: pytest.CaptureFixture[str]) -> None:
    saving = ["presets", "save", "Boots", "--category", "memory foam", "--category", "gel", "--max-price", "60"]
    assert main(saving) == 0
    assert main(["presets", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Boots"
    assert main(["presets", "show", "boots"]) == 0
    shown = capsys.readouterr().out
    assert "Category: Gel, Memory foam" in shown and "Price: at most 60" in shown
    assert main(["search", "--preset", "Boots", "--format", "json", "--limit", "0"]) == 0
    found = json.loads(capsys.readouterr().out)["results"]
    assert found and all(row["category"] in ("gel", "memory-foam") and row["price"] <= 60 for row in found)
    assert main(["search", "--preset", "Boots", "--category", "gel", "--format", "json", "--limit", "0"]) == 0
    narrower = json.loads(capsys.readouterr().out)["results"]
    assert narrower and len(narrower) < len(found) and {row["category"] for row in narrower} == {"gel"}
    assert main(["search", "--preset", "nope"]) == 2
    assert "no saved preset called “nope”" in capsys.readouterr().err
    assert main(["presets", "save", "Bad", "--category", "plastic"]) == 2
    assert main(["presets", "delete", "boots"]) == 0
    assert preset_names() == []


def test_the_filter_pane_saves_applies_renames_and_deletes_a_preset(qtbot: QtBot) -> None:
    from ui.finder.filter_pane import FilterPane

    pane = FilterPane()
    qtbot.addWidget(pane)
    pane.show()
    bar = pane.presets
    pane.set_state(WORK_BOOTS)
    assert bar.save_as("Work boots")
    assert [bar.combo.itemText(row) for row in range(bar.combo.count())] == ["Work boots"]
    assert bar.combo.currentText() == "Work boots"
    pane.clear_all()
    assert bar.combo.currentIndex() == -1  # the filters no longer are the preset's
    with qtbot.waitSignal(pane.filtersChanged) as changed:
        bar.combo.activated.emit(0)  # the user picks it from the list
    assert changed.args == [WORK_BOOTS]
    assert pane.state() == WORK_BOOTS and pane.search_box.text() == "cushion"
    assert pane.groups["category"].checked() and pane.price_max.value() == 60
    assert bar.rename("Boots <b>cheap</b>")
    assert bar.combo.currentText() == "Boots <b>cheap</b>"
    tooltip = bar.combo.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert "Boots &lt;b&gt;cheap&lt;/b&gt;" in tooltip and "<b>" not in tooltip  # tooltips render rich text
    assert preset_names(PresetStore()) == ["Boots <b>cheap</b>"]  # the CLI sees the same store
    assert not bar.save_as("   ")
    assert bar.message.isVisible() and "needs a name" in bar.message.text()
    assert bar.delete(confirm=False)
    assert bar.combo.count() == 0 and pane.state() == WORK_BOOTS  # deleting keeps the filters shown
    pane.grab().save("/tmp/filter-pane-presets.png")
