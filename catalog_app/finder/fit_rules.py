"""The matching rules of the fit score, kept as data so they can be read and tuned in one place.

Each rule says when it applies (a condition on the foot profile), what it looks for in a product
(a vectorized test over the catalog), how much it weighs, and how the reason is worded. The
strength column follows ../shared/DOMAIN.md: a rule marked WEAK is worded "may help" and weighs
little; nothing here claims that an insole treats anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from catalog_app.model.vocabulary import Activity, Concern, FootArch, Pronation, ShoeType


class Strength(Enum):
    WELL_SUPPORTED = "well supported"
    COMMON_PRACTICE = "common practice"
    PARTLY_SUPPORTED = "partly supported"
    WEAK = "weak"


@dataclass(frozen=True)
class When:
    """The profile condition. Each field lists the values that trigger it; only fields the profile
    answers count. `match="any"`: one answered field matching is enough (flat arch OR
    overpronation). `match="all"`: every answered field must match (a medium arch that
    overpronates is not "medium arch, neutral")."""

    match: str = "any"
    arches: tuple[str, ...] = ()
    pronation: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    shoe_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Test:
    """What the rule looks for in a product.

    kind:
    - "at_least": the ordinal column is at `level` or above; one level below earns half.
    - "at_most": the ordinal column is at `level` or below; one level above earns half.
    - "one_of": the column's value is one of `values`.
    - "flag": the flag column is true.
    - "thin": thickness_mm is at most `limit` (unknown thickness earns half).
    """

    kind: str
    column: str
    level: str = ""
    values: tuple[str, ...] = ()
    limit: float = 0.0


@dataclass(frozen=True)
class FitRule:
    key: str
    when: When
    test: Test
    weight: float
    reason: str
    missing: str
    strength: Strength


FLAT_OR_OVERPRONATION = When(
    arches=(FootArch.FLAT, FootArch.LOW),
    pronation=(Pronation.OVERPRONATION,),
)
HIGH_OR_SUPINATION = When(arches=(FootArch.HIGH,), pronation=(Pronation.SUPINATION,))
HEEL = When(concerns=(Concern.HEEL_PAIN, Concern.PLANTAR_FASCIITIS))
BACK = When(concerns=(Concern.LOWER_BACK_PAIN, Concern.SCIATICA, Concern.HERNIATED_DISC))
ON_FEET = When(activities=(Activity.STANDING, Activity.WALKING))
DRESS = When(shoe_types=(ShoeType.DRESS, ShoeType.FLATS_HEELS))
BOOTS = When(shoe_types=(ShoeType.WORK_BOOTS,))

FIT_RULES: tuple[FitRule, ...] = (
    # flat / low arch, overpronation: firm support, deep heel cup, a firmer shell (ACE guidance)
    FitRule(
        "firm-arch-support",
        FLAT_OR_OVERPRONATION,
        Test("at_least", "arch_support", level="medium"),
        3.0,
        "firm arch support suits a flat or low arch and overpronation",
        "little arch support for a flat or low arch or overpronation",
        Strength.WELL_SUPPORTED,
    ),
    FitRule(
        "deep-heel-cup-control",
        FLAT_OR_OVERPRONATION,
        Test("at_least", "heel_cup", level="deep"),
        2.0,
        "deep heel cup steadies the heel against overpronation",
        "shallow or no heel cup gives little motion control",
        Strength.WELL_SUPPORTED,
    ),
    FitRule(
        "firm-shell",
        FLAT_OR_OVERPRONATION,
        Test("at_least", "rigidity", level="semi-rigid"),
        2.0,
        "semi-rigid or rigid shell adds motion control",
        "soft shell gives little motion control for overpronation",
        Strength.WELL_SUPPORTED,
    ),
    # high arch, supination: cushioning, softer shell, support matched to arch height (ACE guidance)
    FitRule(
        "cushioning-high-arch",
        HIGH_OR_SUPINATION,
        Test("at_least", "cushioning", level="high"),
        3.0,
        "generous cushioning suits a high arch and supination",
        "little cushioning for a high arch or supination",
        Strength.WELL_SUPPORTED,
    ),
    FitRule(
        "softer-shell",
        HIGH_OR_SUPINATION,
        Test("at_most", "rigidity", level="soft"),
        2.0,
        "softer shell suits a high arch and supination",
        "rigid shell is firm for a high arch or supination",
        Strength.WELL_SUPPORTED,
    ),
    FitRule(
        "support-matches-high-arch",
        When(arches=(FootArch.HIGH,)),
        Test("at_least", "arch_support", level="medium"),
        1.0,
        "arch support rises to meet a high arch",
        "low arch support leaves a high arch unsupported",
        Strength.WELL_SUPPORTED,
    ),
    # medium arch, neutral: medium support
    FitRule(
        "medium-support",
        When(match="all", arches=(FootArch.MEDIUM,), pronation=(Pronation.NEUTRAL,)),
        Test("one_of", "arch_support", values=("medium",)),
        2.0,
        "medium arch support suits a medium arch and neutral gait",
        "arch support is not the medium level a medium arch needs",
        Strength.WELL_SUPPORTED,
    ),
    # metatarsalgia: metatarsal pad; room for the toes (footeducation.com)
    FitRule(
        "metatarsal-pad",
        When(concerns=(Concern.METATARSALGIA,)),
        Test("flag", "metatarsal_pad"),
        4.0,
        "metatarsal pad takes pressure off the ball of the foot",
        "no metatarsal pad for metatarsalgia",
        Strength.WELL_SUPPORTED,
    ),
    FitRule(
        "roomy-toe-box",
        When(concerns=(Concern.METATARSALGIA,)),
        Test("at_most", "volume", level="medium"),
        1.0,
        "low-to-medium volume leaves room for the toes",
        "high volume crowds the toe box",
        Strength.WELL_SUPPORTED,
    ),
    # heel pain, plantar fasciitis: deep heel cup, arch support, heel cushioning (common practice)
    FitRule(
        "heel-cup-heel-pain",
        HEEL,
        Test("at_least", "heel_cup", level="deep"),
        2.0,
        "deep heel cup cradles the heel, common practice for heel pain",
        "no deep heel cup for heel pain or plantar fasciitis",
        Strength.COMMON_PRACTICE,
    ),
    FitRule(
        "arch-support-heel-pain",
        HEEL,
        Test("at_least", "arch_support", level="medium"),
        2.0,
        "arch support eases the load on the plantar fascia, common practice",
        "little arch support for plantar fasciitis",
        Strength.COMMON_PRACTICE,
    ),
    FitRule(
        "heel-cushioning",
        HEEL,
        Test("at_least", "cushioning", level="medium"),
        1.0,
        "heel cushioning for heel pain",
        "little cushioning under the heel",
        Strength.COMMON_PRACTICE,
    ),
    # standing all day, walking: cushioning and shock absorption, full length (common practice)
    FitRule(
        "cushioning-on-feet",
        ON_FEET,
        Test("at_least", "cushioning", level="medium"),
        2.0,
        "cushioning absorbs shock when standing or walking all day",
        "little cushioning for long hours on your feet",
        Strength.COMMON_PRACTICE,
    ),
    FitRule(
        "full-length-on-feet",
        ON_FEET,
        Test("one_of", "length", values=("full",)),
        1.0,
        "full length cushions the whole foot",
        "not full length, so part of the foot is not cushioned",
        Strength.COMMON_PRACTICE,
    ),
    # lower back pain, sciatica, herniated disc: WEAK evidence, "may help" only, light weight
    FitRule(
        "shock-absorption-back",
        BACK,
        Test("at_least", "cushioning", level="medium"),
        1.0,
        "shock absorption may help with back discomfort (evidence is weak)",
        "",
        Strength.WEAK,
    ),
    FitRule(
        "stability-back",
        BACK,
        Test("at_least", "arch_support", level="medium"),
        1.0,
        "stable arch support may help with back discomfort (evidence is weak)",
        "",
        Strength.WEAK,
    ),
    # dress shoes and flats: low volume, thin; 3/4 or forefoot pads in flats and heels
    FitRule(
        "low-volume-dress",
        DRESS,
        Test("at_most", "volume", level="low"),
        2.0,
        "low volume fits dress shoes and flats",
        "takes up too much room for dress shoes or flats",
        Strength.COMMON_PRACTICE,
    ),
    FitRule(
        "thin-dress",
        DRESS,
        Test("thin", "thickness_mm", limit=4.0),
        1.0,
        "thin enough for a snug dress shoe",
        "thicker than a dress shoe usually allows",
        Strength.COMMON_PRACTICE,
    ),
    FitRule(
        "short-length-flats",
        When(shoe_types=(ShoeType.FLATS_HEELS,)),
        Test("one_of", "length", values=("three-quarter", "forefoot")),
        1.0,
        "three-quarter or forefoot length suits flats and heels",
        "full length may crowd flats and heels",
        Strength.COMMON_PRACTICE,
    ),
    # work boots: shock absorbing, supportive, often higher volume (partly supported)
    FitRule(
        "boots-cushioning",
        BOOTS,
        Test("at_least", "cushioning", level="medium"),
        1.0,
        "shock absorbing for work boots",
        "little shock absorption for work boots",
        Strength.PARTLY_SUPPORTED,
    ),
    FitRule(
        "boots-support",
        BOOTS,
        Test("at_least", "arch_support", level="medium"),
        1.0,
        "supportive enough for work boots",
        "little support for long days in work boots",
        Strength.PARTLY_SUPPORTED,
    ),
    FitRule(
        "boots-volume",
        BOOTS,
        Test("at_least", "volume", level="medium"),
        1.0,
        "medium-to-high volume fills a roomy boot",
        "low volume leaves a roomy boot loose",
        Strength.PARTLY_SUPPORTED,
    ),
)

# What the product's own catalog entry says it suits: a smaller, second source of points.
MAKER_SUITED_WEIGHT = 1.0
WEAK_CONCERNS: frozenset[str] = frozenset(BACK.concerns)
