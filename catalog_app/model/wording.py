"""Sentences the app shows in many places, worded once: honest, plain, never a medical claim."""

from __future__ import annotations

APP_TITLE = "Insole Catalog"

HEALTH_NOTE = (
    "Insoles are no substitute for a health professional's advice. "
    "If you have pain or a medical condition, talk to a doctor or podiatrist first."
)

FICTIONAL_NOTE = (
    "The bundled catalog is fictional: its brands, products and specifications are invented "
    "for demonstration and describe no real product."
)

ABOUT_TEXT = (
    f"{APP_TITLE} helps you choose shoe insoles for your feet, your shoes and your budget. "
    "It suggests; it does not diagnose.\n\n"
    f"{FICTIONAL_NOTE}\n\n{HEALTH_NOTE}"
)

# Words the app must never use about what an insole does (see DOMAIN.md).
FORBIDDEN_CLAIMS = ("treat", "treats", "treatment", "cure", "cures", "heal", "heals", "healing")
