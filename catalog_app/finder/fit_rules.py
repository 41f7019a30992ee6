"""The matching rules of the fit score, kept as data so they can be read and tuned in one place.

Each rule says when it applies (a condition on the foot profile), what it looks for in a product
(a credit per value of one catalog column), how much it matters, its evidence grade, and how the
reason is worded. Grades follow ../shared/DOMAIN.md ("Evidence grades"):

- moderate: clinical guidelines or several trials (ACE guidance for flat feet and overpronation
  and for high arches; the APTA heel pain guideline for orthoses in plantar heel pain);
- common practice: expert consensus and fitting practice (metatarsal pads, cushioning for long
  hours on your feet, low volume for dress shoes, stability for hiking and balance);
- weak: little or conflicting evidence (back pain, sciatica, herniated disc, knee pain): worded
  "may help", never more;
- maker claim: only the catalog says so (what it lists under suited arches, concerns, activities).

A rule's weight is multiplied by its grade's weight (`EVIDENCE_WEIGHT`), so a weak rule or a
maker claim moves the score a little. Nothing here claims that an insole treats anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from catalog_app.model.vocabulary import Activity, Concern, FootArch, Pronation, ShoeType


class Evidence(StrEnum):
    MODERATE = "moderate"
    COMMON_PRACTICE = "common-practice"
    WEAK = "weak"
    MAKER_CLAIM = "maker-claim"


EVIDENCE_WEIGHT: dict[Evidence, float] = {
    Evidence.MODERATE: 1.0,
    Evidence.COMMON_PRACTICE: 0.6,
    Evidence.WEAK: 0.3,
    Evidence.MAKER_CLAIM: 0.3,
}
# Graded rules that can carry a score; weak rules and maker claims only nudge it.
STRONG_EVIDENCE: frozenset[Evidence] = frozenset({Evidence.MODERATE, Evidence.COMMON_PRACTICE})
EVIDENCE_WORDS: dict[Evidence, str] = {
    Evidence.MODERATE: "moderate evidence",
    Evidence.COMMON_PRACTICE: "common practice",
    Evidence.WEAK: "weak evidence",
    Evidence.MAKER_CLAIM: "the maker's claim",
}


@dataclass(frozen=True)
class When:
    """The profile condition. Each field lists the values that trigger it; only fields the profile
    answers count. `match="any"`: one answered field matching is enough (flat arch OR
    overpronation). `match="all"`: every answered field must match (a medium arch that
    overpronates is not "medium arch, neutral"). `match="every"`: every listed field must be
    answered and match (a high arch AND overpronation). `unless`: the rule does not apply where this
    other condition holds (a high arch that overpronates has its own rules)."""

    match: str = "any"
    arches: tuple[str, ...] = ()
    pronation: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    shoe_types: tuple[str, ...] = ()
    unless: tuple[When, ...] = ()


@dataclass(frozen=True)
class Test:
    """What the rule looks for in a product.

    kind:
    - "levels": `credits` gives the credit (0–1) of each value of the choice column; values not
      listed earn 0. Partial credit (between 0 and 1) reads the rule's `partial` wording.
    - "flag": the flag column is true.
    - "thin": thickness_mm is at most `limit` (unknown thickness earns half).
    """

    kind: str
    column: str
    credits: tuple[tuple[str, float], ...] = ()
    limit: float = 0.0


def levels(column: str, **credits: float) -> Test:
    """A "levels" test; keyword names are values with "_" for "-" (semi_rigid=0.5)."""
    return Test("levels", column, credits=tuple((name.replace("_", "-"), value) for name, value in credits.items()))


@dataclass(frozen=True)
class FitRule:
    key: str
    when: When
    test: Test
    weight: float
    evidence: Evidence
    reason: str  # full credit ("+")
    missing: str  # no credit ("-"); "" says nothing
    partial: str = ""  # part credit ("~"); "{value}" is the product's value, e.g. "medium"


HIGH_ARCH_ROLLS_IN = When(match="every", arches=(FootArch.HIGH,), pronation=(Pronation.OVERPRONATION,))
LOW_ARCH_ROLLS_OUT = When(match="every", arches=(FootArch.FLAT, FootArch.LOW), pronation=(Pronation.SUPINATION,))
MIXED = (HIGH_ARCH_ROLLS_IN, LOW_ARCH_ROLLS_OUT)
FLAT_OR_OVERPRONATION = When(arches=(FootArch.FLAT, FootArch.LOW), pronation=(Pronation.OVERPRONATION,), unless=MIXED)
HIGH_OR_SUPINATION = When(arches=(FootArch.HIGH,), pronation=(Pronation.SUPINATION,), unless=MIXED)
HEEL = When(concerns=(Concern.HEEL_PAIN, Concern.PLANTAR_FASCIITIS))
BACK = When(concerns=(Concern.LOWER_BACK_PAIN, Concern.SCIATICA, Concern.HERNIATED_DISC))
KNEE = When(concerns=(Concern.KNEE_PAIN,))
BALANCE = When(concerns=(Concern.BALANCE,))
ON_FEET = When(activities=(Activity.STANDING, Activity.WALKING))
DRESS = When(shoe_types=(ShoeType.DRESS, ShoeType.FLATS_HEELS))
BOOTS = When(shoe_types=(ShoeType.WORK_BOOTS,))
HIKING = When(activities=(Activity.HIKING,), shoe_types=(ShoeType.HIKING_BOOTS,))
SPORTS = When(activities=(Activity.SPORTS,), shoe_types=(ShoeType.CLEATS,))

_ARCH_RULES: tuple[FitRule, ...] = (
    # flat / low arch, overpronation: firm support, deep heel cup, a firmer shell (ACE guidance)
    FitRule(
        "firm-arch-support",
        FLAT_OR_OVERPRONATION,
        levels("arch_support", high=1.0, medium=0.6, low=0.2),
        3.0,
        Evidence.MODERATE,
        "firm arch support suits a flat or low arch and overpronation",
        "no arch support for a flat or low arch or overpronation",
        "{value} arch support: less firm than a flat or low arch and overpronation do best with",
    ),
    FitRule(
        "deep-heel-cup-control",
        FLAT_OR_OVERPRONATION,
        levels("heel_cup", deep=1.0, shallow=0.4),
        2.0,
        Evidence.MODERATE,
        "deep heel cup steadies the heel against overpronation",
        "no heel cup, so little motion control",
        "{value} heel cup: some hold, less control than a deep one",
    ),
    FitRule(
        "firm-shell",
        FLAT_OR_OVERPRONATION,
        levels("rigidity", rigid=1.0, semi_rigid=1.0),
        2.0,
        Evidence.MODERATE,
        "semi-rigid or rigid shell adds motion control",
        "soft shell gives little motion control for overpronation",
    ),
    # high arch, supination: cushioning, softer shell, support matched to arch height (ACE guidance)
    FitRule(
        "cushioning-high-arch",
        HIGH_OR_SUPINATION,
        levels("cushioning", high=1.0, medium=0.5),
        3.0,
        Evidence.MODERATE,
        "generous cushioning suits a high arch and supination",
        "little cushioning for a high arch or supination",
        "{value} cushioning: less than a high arch or supination does best with",
    ),
    FitRule(
        "softer-shell",
        HIGH_OR_SUPINATION,
        levels("rigidity", soft=1.0, semi_rigid=0.5),
        2.0,
        Evidence.MODERATE,
        "softer shell suits a high arch and supination",
        "rigid shell is firm for a high arch or supination",
        "semi-rigid shell: firmer than a high arch or supination does best with",
    ),
    FitRule(
        "support-matches-high-arch",
        When(arches=(FootArch.HIGH,), unless=MIXED),
        levels("arch_support", high=1.0, medium=1.0, low=0.4),
        1.0,
        Evidence.MODERATE,
        "arch support rises to meet a high arch",
        "no arch support leaves a high arch unsupported",
        "low arch support leaves a high arch partly unsupported",
    ),
    # medium arch, neutral: medium support
    FitRule(
        "medium-support",
        When(match="all", arches=(FootArch.MEDIUM,), pronation=(Pronation.NEUTRAL,)),
        levels("arch_support", medium=1.0, low=0.5, high=0.5),
        2.0,
        Evidence.MODERATE,
        "medium arch support suits a medium arch and neutral gait",
        "no arch support for a medium arch",
        "{value} arch support: a medium arch and neutral gait do best with medium",
    ),
)

_MIXED_RULES: tuple[FitRule, ...] = (
    # a high arch that rolls inward: support that fills the arch, control without a hard shell
    FitRule(
        "high-arch-rolls-in",
        HIGH_ARCH_ROLLS_IN,
        levels("arch_support", high=1.0, medium=0.8, low=0.3),
        3.0,
        Evidence.MODERATE,
        "high arch support fills a high arch and steadies a foot that rolls inward",
        "no arch support for a high arch that rolls inward",
        "{value} arch support: less than a high arch that rolls inward does best with",
    ),
    FitRule(
        "high-arch-rolls-in-shell",
        HIGH_ARCH_ROLLS_IN,
        levels("rigidity", semi_rigid=1.0, soft=0.5, rigid=0.4),
        2.0,
        Evidence.COMMON_PRACTICE,
        "semi-rigid shell: control for the inward roll with give for the high arch",
        "",
        "{value} shell: a semi-rigid one balances control for the inward roll with give for the high arch",
    ),
    FitRule(
        "high-arch-rolls-in-cushioning",
        HIGH_ARCH_ROLLS_IN,
        levels("cushioning", high=1.0, medium=0.8, low=0.3),
        1.0,
        Evidence.COMMON_PRACTICE,
        "generous cushioning absorbs the shock a high arch passes on",
        "",
        "{value} cushioning: absorbs less of the shock a high arch passes on",
    ),
    # a flat or low arch that rolls outward: moderate support, cushioning, no hard control
    FitRule(
        "low-arch-rolls-out",
        LOW_ARCH_ROLLS_OUT,
        levels("arch_support", medium=1.0, high=0.6, low=0.6),
        3.0,
        Evidence.MODERATE,
        "medium arch support fills a low arch without tipping a foot that rolls outward further out",
        "no arch support for a low arch",
        "{value} arch support: medium suits a low arch that rolls outward best",
    ),
    FitRule(
        "low-arch-rolls-out-cushioning",
        LOW_ARCH_ROLLS_OUT,
        levels("cushioning", high=1.0, medium=0.8, low=0.2),
        2.0,
        Evidence.COMMON_PRACTICE,
        "cushioning softens the outer-edge landing of a foot that rolls outward",
        "",
        "{value} cushioning: less than a foot that rolls outward does best with",
    ),
)

_CONCERN_RULES: tuple[FitRule, ...] = (
    # metatarsalgia: metatarsal pad; room for the toes (footeducation.com: common practice)
    FitRule(
        "metatarsal-pad",
        When(concerns=(Concern.METATARSALGIA,)),
        Test("flag", "metatarsal_pad"),
        4.0,
        Evidence.COMMON_PRACTICE,
        "metatarsal pad takes pressure off the ball of the foot",
        "no metatarsal pad for metatarsalgia",
    ),
    FitRule(
        "roomy-toe-box",
        When(concerns=(Concern.METATARSALGIA,)),
        levels("volume", low=1.0, medium=1.0),
        1.0,
        Evidence.COMMON_PRACTICE,
        "low-to-medium volume leaves room for the toes",
        "high volume crowds the toe box",
    ),
    # heel pain, plantar fasciitis: orthoses for short-term relief (APTA guideline: moderate);
    # a deep heel cup and heel cushioning are common practice
    FitRule(
        "arch-support-heel-pain",
        HEEL,
        levels("arch_support", high=1.0, medium=1.0, low=0.4),
        3.0,
        Evidence.MODERATE,
        "arch support eases the load on the plantar fascia; guidelines back it for short-term heel pain relief",
        "no arch support for heel pain or plantar fasciitis",
        "low arch support: less load taken off the plantar fascia",
    ),
    FitRule(
        "heel-cup-heel-pain",
        HEEL,
        levels("heel_cup", deep=1.0, shallow=0.4),
        2.0,
        Evidence.COMMON_PRACTICE,
        "deep heel cup cradles the heel, common practice for heel pain",
        "no heel cup for heel pain or plantar fasciitis",
        "shallow heel cup: cradles the heel less than a deep one",
    ),
    FitRule(
        "heel-cushioning",
        HEEL,
        levels("cushioning", high=1.0, medium=0.7),
        1.0,
        Evidence.COMMON_PRACTICE,
        "generous heel cushioning for heel pain",
        "little cushioning under the heel",
        "medium cushioning under the heel",
    ),
    # knee pain: weak and mixed evidence; "may help" only
    FitRule(
        "knee-support",
        KNEE,
        levels("arch_support", high=1.0, medium=1.0, low=0.4),
        1.0,
        Evidence.WEAK,
        "arch support may help some knee pain, mainly at the front of the knee (evidence is weak)",
        "",
        "low arch support: less of the support that may help knee pain (evidence is weak)",
    ),
    FitRule(
        "knee-shock-absorption",
        KNEE,
        levels("cushioning", high=1.0, medium=0.7),
        1.0,
        Evidence.WEAK,
        "shock absorption may help with knee discomfort (evidence is weak)",
        "",
        "some shock absorption, which may help with knee discomfort (evidence is weak)",
    ),
    # lower back pain, sciatica, herniated disc: WEAK evidence (Chuter et al. 2014), "may help" only
    FitRule(
        "shock-absorption-back",
        BACK,
        levels("cushioning", high=1.0, medium=0.7),
        1.0,
        Evidence.WEAK,
        "shock absorption may help with back discomfort (evidence is weak)",
        "",
        "some shock absorption, which may help with back discomfort (evidence is weak)",
    ),
    FitRule(
        "stability-back",
        BACK,
        levels("arch_support", high=1.0, medium=1.0, low=0.4),
        1.0,
        Evidence.WEAK,
        "stable arch support may help with back discomfort (evidence is weak)",
        "",
        "some arch support, which may help with back discomfort (evidence is weak)",
    ),
    # balance / steadiness (older users): a firm, thin, stable base rather than thick soft foam
    FitRule(
        "balance-firm-base",
        BALANCE,
        levels("rigidity", semi_rigid=1.0, rigid=1.0, soft=0.3),
        2.0,
        Evidence.COMMON_PRACTICE,
        "a firm, stable base helps you feel the ground and stay steady",
        "",
        "soft shell: a less stable base for steadiness",
    ),
    FitRule(
        "balance-not-too-soft",
        BALANCE,
        levels("cushioning", low=1.0, medium=1.0, high=0.3),
        1.0,
        Evidence.COMMON_PRACTICE,
        "not too soft: thick, soft cushioning can make standing less steady",
        "",
        "high cushioning: thick, soft foam can make standing less steady",
    ),
    FitRule(
        "balance-heel-cup",
        BALANCE,
        levels("heel_cup", deep=1.0, shallow=0.5),
        1.0,
        Evidence.COMMON_PRACTICE,
        "deep heel cup keeps the heel centred for steadiness",
        "",
        "shallow heel cup: holds the heel less than a deep one",
    ),
    FitRule(
        "comfort-cushioning",
        When(concerns=(Concern.GENERAL_COMFORT,)),
        levels("cushioning", high=1.0, medium=0.7, low=0.2),
        1.0,
        Evidence.COMMON_PRACTICE,
        "generous cushioning for everyday comfort",
        "",
        "{value} cushioning for everyday comfort",
    ),
)

_ACTIVITY_RULES: tuple[FitRule, ...] = (
    # standing all day, walking: cushioning and shock absorption, full length (common practice)
    FitRule(
        "cushioning-on-feet",
        ON_FEET,
        levels("cushioning", high=1.0, medium=0.7, low=0.1),
        2.0,
        Evidence.COMMON_PRACTICE,
        "generous cushioning absorbs shock when standing or walking all day",
        "little cushioning for long hours on your feet",
        "{value} cushioning: some shock absorption for long hours on your feet",
    ),
    FitRule(
        "full-length-on-feet",
        ON_FEET,
        levels("length", full=1.0, three_quarter=0.3),
        1.0,
        Evidence.COMMON_PRACTICE,
        "full length cushions the whole foot",
        "not full length, so part of the foot is not cushioned",
        "three-quarter length leaves the toes without cushioning",
    ),
    FitRule(
        "running-shock-absorption",
        When(activities=(Activity.RUNNING,)),
        levels("cushioning", high=1.0, medium=0.8, low=0.2),
        2.0,
        Evidence.COMMON_PRACTICE,
        "cushioning absorbs the shock of running",
        "",
        "{value} cushioning: less shock absorption for running",
    ),
    FitRule(
        "sports-heel-hold",
        SPORTS,
        levels("heel_cup", deep=1.0, shallow=0.5),
        1.0,
        Evidence.COMMON_PRACTICE,
        "deep heel cup holds the heel in quick turns and stops",
        "",
        "shallow heel cup: holds the heel less in quick turns",
    ),
    FitRule(
        "sports-cushioning",
        When(activities=(Activity.SPORTS,)),
        levels("cushioning", high=1.0, medium=0.8, low=0.2),
        1.0,
        Evidence.COMMON_PRACTICE,
        "cushioning for jumps and landings",
        "",
        "{value} cushioning: less for jumps and landings",
    ),
    FitRule(
        "hiking-stability",
        HIKING,
        levels("rigidity", semi_rigid=1.0, rigid=1.0, soft=0.3),
        2.0,
        Evidence.COMMON_PRACTICE,
        "semi-rigid or rigid shell keeps the foot stable on uneven ground",
        "",
        "soft shell: less stable on uneven ground",
    ),
    FitRule(
        "hiking-heel-cup",
        HIKING,
        levels("heel_cup", deep=1.0, shallow=0.4),
        1.0,
        Evidence.COMMON_PRACTICE,
        "deep heel cup steadies the heel on rough trails",
        "",
        "shallow heel cup: steadies the heel less on rough trails",
    ),
    FitRule(
        "hiking-cushioning",
        HIKING,
        levels("cushioning", high=1.0, medium=1.0, low=0.3),
        1.0,
        Evidence.COMMON_PRACTICE,
        "cushioning for long days on the trail",
        "",
        "low cushioning for long days on the trail",
    ),
    FitRule(
        "sitting-comfort",
        When(activities=(Activity.SITTING,)),
        levels("rigidity", soft=1.0, semi_rigid=0.7, rigid=0.3),
        1.0,
        Evidence.COMMON_PRACTICE,
        "soft insole stays comfortable when you sit most of the day",
        "",
        "{value} shell: firmer than sitting most of the day needs",
    ),
)

_SHOE_RULES: tuple[FitRule, ...] = (
    # dress shoes and flats: low volume, thin; 3/4 or forefoot pads in flats and heels
    FitRule(
        "low-volume-dress",
        DRESS,
        levels("volume", low=1.0, medium=0.4),
        2.0,
        Evidence.COMMON_PRACTICE,
        "low volume fits dress shoes and flats",
        "takes up too much room for dress shoes or flats",
        "medium volume: may be snug in dress shoes or flats",
    ),
    FitRule(
        "thin-dress",
        DRESS,
        Test("thin", "thickness_mm", limit=4.0),
        1.0,
        Evidence.COMMON_PRACTICE,
        "thin enough for a snug dress shoe",
        "thicker than a dress shoe usually allows",
        "thickness not stated: check it fits a snug shoe",
    ),
    FitRule(
        "short-length-flats",
        When(shoe_types=(ShoeType.FLATS_HEELS,)),
        levels("length", three_quarter=1.0, forefoot=1.0),
        1.0,
        Evidence.COMMON_PRACTICE,
        "three-quarter or forefoot length suits flats and heels",
        "full length may crowd flats and heels",
    ),
    # cleats: a snug shoe with little room
    FitRule(
        "cleats-low-volume",
        When(shoe_types=(ShoeType.CLEATS,)),
        levels("volume", low=1.0, medium=0.4),
        2.0,
        Evidence.COMMON_PRACTICE,
        "low volume fits a snug cleat",
        "takes up too much room for cleats",
        "medium volume: may be snug in cleats",
    ),
    FitRule(
        "cleats-thin",
        When(shoe_types=(ShoeType.CLEATS,)),
        Test("thin", "thickness_mm", limit=4.0),
        1.0,
        Evidence.COMMON_PRACTICE,
        "thin enough for cleats",
        "thicker than cleats usually allow",
        "thickness not stated: check it fits in cleats",
    ),
    # work boots: shock absorbing, supportive, often higher volume (partly supported: common practice)
    FitRule(
        "boots-cushioning",
        BOOTS,
        levels("cushioning", high=1.0, medium=0.7),
        1.0,
        Evidence.COMMON_PRACTICE,
        "shock absorbing for work boots",
        "little shock absorption for work boots",
        "some shock absorption for work boots",
    ),
    FitRule(
        "boots-support",
        BOOTS,
        levels("arch_support", high=1.0, medium=0.8, low=0.3),
        1.0,
        Evidence.COMMON_PRACTICE,
        "supportive enough for long days in work boots",
        "little support for long days in work boots",
        "{value} arch support for long days in work boots",
    ),
    FitRule(
        "boots-volume",
        BOOTS,
        levels("volume", high=1.0, medium=0.8),
        1.0,
        Evidence.COMMON_PRACTICE,
        "high volume fills a roomy boot",
        "low volume leaves a roomy boot loose",
        "medium volume: fills a roomy boot less than a high-volume insole",
    ),
)

THIN_LIMIT_MM = 4.0  # every "thin" test reads this limit
THIN_SOURCE = "thickness_mm<=4"

# Columns the score reads, combined by the catalog index into one key per product and group, so
# that each group costs one gather from a table over its combinations (see fit_score).
FEATURE_SOURCES = (
    "arch_support",
    "cushioning",
    "rigidity",
    "volume",
    "heel_cup",
    "length",
    "metatarsal_pad",
    THIN_SOURCE,
)
MAKER_SOURCES = ("suited_arches", "suited_pronation", "activities")
KEY_GROUPS: tuple[tuple[str, ...], ...] = (FEATURE_SOURCES, MAKER_SOURCES, ("concerns",))

FIT_RULES: tuple[FitRule, ...] = _ARCH_RULES + _MIXED_RULES + _CONCERN_RULES + _ACTIVITY_RULES + _SHOE_RULES

# What the product's own catalog entry says it suits: a maker's claim, so a light weight.
MAKER_SUITED_WEIGHT = 1.0
WEAK_CONCERNS: frozenset[str] = frozenset((*BACK.concerns, *KNEE.concerns))

# Weak rules and maker claims together make up at most this share of the score's scale, and a
# product whose full-credit ("+") reasons are all weak or maker claims scores at most
# WEAK_ONLY_CAP: it can never rank as a confident fit (DOMAIN.md).
WEAK_SHARE = 0.15
WEAK_ONLY_CAP = 60.0
# When only weak rules and maker claims apply (e.g. "lower back pain" alone), they move the score
# a little around the middle: from WEAK_ONLY_FLOOR to WEAK_ONLY_CAP.
WEAK_ONLY_FLOOR = 40.0
# Custom orthotics cost far more and need a clinic visit; for most people off-the-shelf insoles
# with similar support work as well (APTA heel pain guideline), so a custom one ranks this many
# points below what its features give. Where the pain is severe, the foot shape unusual, or
# off-the-shelf insoles have not helped, it is the off-the-shelf ones that lose these points, so
# a custom one ranks above comparable off-the-shelf insoles; the reasons say why either way.
CUSTOM_POINTS = 15.0
