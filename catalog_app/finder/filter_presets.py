"""Filter presets: named filters and search text, saved once and applied to whatever catalog is open.

A preset keeps the criteria, not a list of products, so it stays live: applied to a new or changed
catalog it finds that catalog's matches. The window's filter pane and `insole-catalog presets` /
`search --preset` both go through these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from catalog_app.finder.filters import CHOICE_FIELDS, FIELD_LABELS, FLAG_FIELDS, LIST_FIELDS, FilterState
from catalog_app.model.catalog_frame import choice_values
from catalog_app.model.schema import COLUMN_BY_NAME
from catalog_app.model.vocabulary import label
from catalog_app.storage.preset_store import PresetStore, PresetStoreError

BOUNDS = ("price_min", "price_max", "lifespan_min", "lifespan_max")


class PresetError(Exception):
    """A preset that cannot be saved, read or applied; the message is one plain sentence."""


def _store(store: PresetStore | None) -> PresetStore:
    return store if store is not None else PresetStore()


def preset_names(store: PresetStore | None = None) -> list[str]:
    try:
        return _store(store).names()
    except PresetStoreError as error:
        raise PresetError(str(error)) from None


def load_preset(name: str, store: PresetStore | None = None) -> tuple[str, FilterState]:
    """The preset's name as saved and its filters."""
    try:
        key, data = _store(store).load(name)
    except PresetStoreError as error:
        raise PresetError(str(error)) from None
    return key, filters_from_json(data, key)


def save_preset(name: str, filters: FilterState, store: PresetStore | None = None) -> str:
    """Save (or replace) the preset; returns its name as stored."""
    try:
        return _store(store).save(name, filters.as_dict())
    except PresetStoreError as error:
        raise PresetError(str(error)) from None


def rename_preset(old: str, new: str, store: PresetStore | None = None) -> str:
    try:
        return _store(store).rename(old, new)
    except PresetStoreError as error:
        raise PresetError(str(error)) from None


def delete_preset(name: str, store: PresetStore | None = None) -> str:
    try:
        return _store(store).delete(name)
    except PresetStoreError as error:
        raise PresetError(str(error)) from None


def filters_from_json(data: dict[str, Any], name: str = "preset") -> FilterState:
    """Filters from a saved preset; a value this version does not know is refused in one sentence."""

    def refuse(what: str) -> PresetError:
        return PresetError(f"the saved preset “{name}” cannot be used ({what}); save it again")

    state = FilterState()
    choices = data.get("choices", {})
    if not isinstance(choices, dict):
        raise refuse("its choices are not a list of fields")
    for field_name, values in choices.items():
        if field_name not in (*CHOICE_FIELDS, *LIST_FIELDS) or not isinstance(values, list):
            raise refuse(f"unknown filter “{field_name}”")
        known = choice_values(COLUMN_BY_NAME[field_name])
        unknown = [value for value in values if value not in known]
        if unknown:
            raise refuse(f"“{unknown[0]}” is not a {FIELD_LABELS[field_name].lower()}")
        state = state.with_choice(field_name, frozenset(values))
    flags = data.get("flags", [])
    if not isinstance(flags, list) or any(flag not in FLAG_FIELDS for flag in flags):
        raise refuse("unknown feature")
    bounds: dict[str, float | None] = {}
    for bound in BOUNDS:
        value = data.get(bound)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            raise refuse(f"{bound.replace('_', ' ')} is not a number")
        bounds[bound] = None if value is None else float(value)
    text = data.get("text", "")
    if not isinstance(text, str):
        raise refuse("the search text is not text")
    return replace(
        state,
        flags=frozenset(flags),
        text=text,
        price_min=bounds["price_min"],
        price_max=bounds["price_max"],
        lifespan_min=bounds["lifespan_min"],
        lifespan_max=bounds["lifespan_max"],
    )


def narrowed(base: FilterState, extra: FilterState) -> FilterState:
    """Both sets of filters at once: what `search --preset NAME` does with further options."""
    state = base
    for field_name, values in extra.choices.items():
        kept = base.choices.get(field_name, values) & values
        if not kept:
            wanted = ", ".join(label(value) for value in sorted(values))
            saved = ", ".join(label(value) for value in sorted(base.choices[field_name]))
            raise PresetError(
                f"{FIELD_LABELS[field_name].lower()} {wanted} is not among the preset's ({saved}); nothing would match"
            )
        state = state.with_choice(field_name, kept)
    text = " ".join(part for part in (base.text.strip(), extra.text.strip()) if part)
    return replace(
        state,
        flags=base.flags | extra.flags,
        text=text,
        price_min=_tighter(max, base.price_min, extra.price_min),
        price_max=_tighter(min, base.price_max, extra.price_max),
        lifespan_min=_tighter(max, base.lifespan_min, extra.lifespan_min),
        lifespan_max=_tighter(min, base.lifespan_max, extra.lifespan_max),
    )


def _tighter(pick: Callable[[float, float], float], first: float | None, second: float | None) -> float | None:
    if first is None or second is None:
        return second if first is None else first
    return pick(first, second)


def describe_filters(state: FilterState) -> list[str]:
    """One line per active filter, e.g. "Category: Gel, Cork"; an empty list when nothing filters."""
    lines = []
    for field_name in (*CHOICE_FIELDS, *LIST_FIELDS):
        values = state.choices.get(field_name)
        if values:
            lines.append(f"{FIELD_LABELS[field_name]}: {', '.join(label(value) for value in sorted(values))}")
    if state.flags:
        lines.append("Features: " + ", ".join(FIELD_LABELS[flag] for flag in sorted(state.flags)))
    for what, low, high in (
        ("Price", state.price_min, state.price_max),
        ("Lifespan (months)", state.lifespan_min, state.lifespan_max),
    ):
        if low is not None or high is not None:
            lines.append(f"{what}: {_range_text(low, high)}")
    if state.text.strip():
        lines.append(f"Search text: “{state.text.strip()}”")
    return lines


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"
