"""Warning signs in a foot profile, and the plain "see a professional" note each one gives.

Worded from the red-flag table of ../shared/DOMAIN.md. The app informs; it never refuses: the
results stay visible, and each ticked sign shows its own note above them, in the detail pane,
in `search` output and in every export. One sign is urgent (NICE NG59, cauda equina): its note
says to get medical help today.
"""

from __future__ import annotations

from dataclasses import dataclass

from catalog_app.model.profile import FootProfile
from catalog_app.model.vocabulary import RedFlag


@dataclass(frozen=True)
class RedFlagNote:
    flag: RedFlag
    text: str
    urgent: bool


_NOTES: dict[RedFlag, tuple[str, bool]] = {
    RedFlag.BACK_PAIN_LEG_WEAKNESS_BLADDER: (
        "Back pain with leg weakness, numbness in the groin or buttocks, or new bladder or bowel "
        "problems: get medical help today (call your doctor or an emergency service); do not wait for insoles.",
        True,
    ),
    RedFlag.NUMBNESS_TINGLING: (
        "Numbness, tingling or burning in the feet: see a doctor or podiatrist before choosing insoles.",
        False,
    ),
    RedFlag.DIABETES_NEUROPATHY: (
        "Diabetes or nerve damage in the feet: choose insoles with a podiatrist, and check your feet every day.",
        False,
    ),
    RedFlag.SEVERE_WORSENING_NIGHT_PAIN: (
        "Severe, worsening or night-time pain: see a doctor first, before relying on insoles.",
        False,
    ),
    RedFlag.PAIN_AFTER_INJURY: (
        "Pain that started after a fall or injury: see a doctor first, before relying on insoles.",
        False,
    ),
    RedFlag.CHILD_HEEL_PAIN: (
        "Heel pain in a child or teenager: see a doctor or podiatrist (in active children it is often "
        "Sever's disease, which needs its own care).",
        False,
    ),
}

NO_IMPROVEMENT_NOTE = (
    "Off-the-shelf insoles have not helped: if there is no improvement after 2–4 weeks with an insole, "
    "see a podiatrist or physiotherapist."
)
SEVERE_PAIN_NOTE = "Severe pain: see a doctor or podiatrist before relying on insoles."


def red_flag_note(flag: RedFlag | str) -> RedFlagNote:
    key = RedFlag(flag)
    text, urgent = _NOTES[key]
    return RedFlagNote(flag=key, text=text, urgent=urgent)


def red_flag_notes(profile: FootProfile | None) -> list[RedFlagNote]:
    """One note per ticked warning sign, the urgent one first, then in the order of `RedFlag`."""
    if profile is None or not profile.red_flags:
        return []
    ticked = set(profile.red_flags)
    notes = [red_flag_note(flag) for flag in RedFlag if flag in ticked]
    return sorted(notes, key=lambda note: not note.urgent)


def advice_notes(profile: FootProfile | None) -> list[str]:
    """Every "see a professional" sentence for this profile: each warning sign's note (the urgent
    one first), then severe pain (when its warning sign is not ticked) and insoles that have not
    helped (DOMAIN.md: no improvement after 2–4 weeks, routine)."""
    if profile is None:
        return []
    notes = [note.text for note in red_flag_notes(profile)]
    if profile.severity == "severe" and RedFlag.SEVERE_WORSENING_NIGHT_PAIN not in profile.red_flags:
        notes.append(SEVERE_PAIN_NOTE)
    if profile.tried_off_the_shelf:
        notes.append(NO_IMPROVEMENT_NOTE)
    return notes
