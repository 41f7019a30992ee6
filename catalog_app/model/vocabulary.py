"""The canonical vocabulary of ../shared/DOMAIN.md, with a friendly label for each value.

Values are the words stored in catalogs and used in code; labels are what the UI shows.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    MEMORY_FOAM = "memory-foam"
    GEL = "gel"
    CARBON_FIBER = "carbon-fiber"
    METATARSAL_PAD = "metatarsal-pad"
    EVA_FOAM = "eva-foam"
    PU_FOAM = "pu-foam"
    CORK = "cork"
    LEATHER = "leather"
    CUSTOM_ORTHOTIC = "custom-orthotic"


class Length(StrEnum):
    FULL = "full"
    THREE_QUARTER = "three-quarter"
    HEEL = "heel"
    FOREFOOT = "forefoot"


class ArchSupport(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Rigidity(StrEnum):
    SOFT = "soft"
    SEMI_RIGID = "semi-rigid"
    RIGID = "rigid"


class Level(StrEnum):
    """Cushioning and volume: low, medium, high."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class HeelCup(StrEnum):
    NONE = "none"
    SHALLOW = "shallow"
    DEEP = "deep"


class FootArch(StrEnum):
    FLAT = "flat"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Pronation(StrEnum):
    OVERPRONATION = "overpronation"
    NEUTRAL = "neutral"
    SUPINATION = "supination"


class Concern(StrEnum):
    LOWER_BACK_PAIN = "lower-back-pain"
    PLANTAR_FASCIITIS = "plantar-fasciitis"
    METATARSALGIA = "metatarsalgia"
    SCIATICA = "sciatica"
    HERNIATED_DISC = "herniated-disc"
    KNEE_PAIN = "knee-pain"
    HEEL_PAIN = "heel-pain"
    GENERAL_COMFORT = "general-comfort"
    BALANCE = "balance"  # feeling steady on your feet (older users); appended so saved bit masks keep their meaning


class Activity(StrEnum):
    STANDING = "standing"
    WALKING = "walking"
    RUNNING = "running"
    SPORTS = "sports"
    HIKING = "hiking"
    SITTING = "sitting"


class ShoeType(StrEnum):
    ATHLETIC = "athletic"
    DRESS = "dress"
    WORK_BOOTS = "work-boots"
    CASUAL = "casual"
    HIKING_BOOTS = "hiking-boots"
    CLEATS = "cleats"
    FLATS_HEELS = "flats-heels"


class RedFlag(StrEnum):
    """Warning signs (DOMAIN.md, "Red flags"): each one means "see a professional", said specifically."""

    BACK_PAIN_LEG_WEAKNESS_BLADDER = "back-pain-leg-weakness-bladder"  # urgent
    NUMBNESS_TINGLING = "numbness-tingling"
    DIABETES_NEUROPATHY = "diabetes-neuropathy"
    SEVERE_WORSENING_NIGHT_PAIN = "severe-worsening-night-pain"
    PAIN_AFTER_INJURY = "pain-after-injury"
    CHILD_HEEL_PAIN = "child-heel-pain"


class Severity(StrEnum):
    """How bad the pain is, as the person judges it."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


_LABEL_OVERRIDES: dict[str, str] = {
    "balance": "Balance / steadiness",
    "back-pain-leg-weakness-bladder": "Back pain with leg weakness, numbness in the groin or bladder/bowel changes",
    "numbness-tingling": "Numbness, tingling or burning in the feet",
    "diabetes-neuropathy": "Diabetes or nerve damage in the feet (neuropathy)",
    "severe-worsening-night-pain": "Severe, worsening or night-time pain",
    "pain-after-injury": "Pain that started after a fall or injury",
    "child-heel-pain": "Heel pain in a child or teenager",
    "eva-foam": "EVA foam",
    "pu-foam": "PU foam",
    "athletic": "Athletic (trainers)",
    "dress": "Dress (smart shoes)",
    "flats-heels": "Flats & heels",
    "semi-rigid": "Semi-rigid",
    "soft": "Soft (accommodative)",
    "rigid": "Rigid (functional)",
    "three-quarter": "Three-quarter",
    "none": "None",
}


def label(value: str) -> str:
    """The friendly label the UI shows for a canonical value."""
    if value in _LABEL_OVERRIDES:
        return _LABEL_OVERRIDES[value]
    return value.replace("-", " ").capitalize()


# Ordered levels, so "firmer" and "more cushioned" can be compared numerically.
ORDINAL: dict[type[StrEnum], tuple[str, ...]] = {
    ArchSupport: ("none", "low", "medium", "high"),
    Level: ("low", "medium", "high"),
    Rigidity: ("soft", "semi-rigid", "rigid"),
    HeelCup: ("none", "shallow", "deep"),
}

CUSTOM_CATEGORIES: frozenset[str] = frozenset({Category.CUSTOM_ORTHOTIC.value})
