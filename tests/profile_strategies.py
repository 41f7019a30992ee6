"""Hypothesis strategies for foot profiles, shared by the fit score's property tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from catalog_app.model.profile import FootProfile
from catalog_app.model.vocabulary import Activity, Concern, FootArch, Pronation, ShoeType


def foot_profiles(**more: st.SearchStrategy[Any]) -> st.SearchStrategy[FootProfile]:
    """Profiles with any arch, pronation, concerns, activities and shoes; `more` adds strategies
    for other fields (budget, size, severity, ...)."""
    return st.builds(
        FootProfile,
        arch=st.none() | st.sampled_from(list(FootArch)),
        pronation=st.none() | st.sampled_from(list(Pronation)),
        concerns=st.lists(st.sampled_from(list(Concern)), max_size=3, unique=True).map(tuple),
        activities=st.lists(st.sampled_from(list(Activity)), max_size=2, unique=True).map(tuple),
        shoe_types=st.lists(st.sampled_from(list(ShoeType)), max_size=2, unique=True).map(tuple),
        **more,
    )
