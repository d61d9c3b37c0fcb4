"""The story bank's logic, without a terminal or a file: the editor template, and what
stats says about the bank (skills with no story yet, a story told too often). Pure.

Career coaches have candidates keep 8 to 12 true STAR stories (Situation,
Task, Action, Result), each tagged with the competencies it shows, and map
them to the questions they are likely to be asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from aecoach.bank import taxonomy
from aecoach.errors import AecoachError, Msg
from aecoach.history.stories import PARTS
from aecoach.textsafe import inert

HEADINGS = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}
OVERUSED_SHARE = 0.5  # one story in more than half the answers that told one...
OVERUSED_AT_LEAST = 3  # ...and in at least this many: an interviewer will hear it twice


@dataclass(frozen=True)
class Draft:
    """A story as the candidate wrote it, before it is saved."""

    title: str
    skills: tuple[str, ...]
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""


def template(draft: Draft | None = None) -> str:
    """The text the editor opens on. Lines starting with # are left out when it is read."""
    d = draft or Draft("", ())
    lines = [
        "# One true story, told the STAR way. Lines starting with # are ignored.",
        "# Skills it shows, separated by commas: " + ", ".join(taxonomy.SKILLS),
        f"Title: {d.title}",
        f"Skills: {', '.join(d.skills)}",
        "",
    ]
    hints = {
        "situation": "# Where and when; what was at stake.",
        "task": "# What you had to do.",
        "action": "# What you did, step by step: I, not we.",
        "result": "# What changed, with numbers if you have them.",
    }
    for part in PARTS:
        lines += [f"[{HEADINGS[part]}]", hints[part], getattr(d, part), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def check_skills(skills: Iterable[str]) -> tuple[str, ...]:
    out = []
    for raw in skills:
        skill = raw.strip().lower()
        if not skill:
            continue
        if skill not in taxonomy.SKILLS:
            raise AecoachError(
                Msg.STORY_BAD_SKILL, value=raw.strip(), names=", ".join(taxonomy.SKILLS)
            )
        out.append(skill)
    return tuple(dict.fromkeys(out))


def parse(text: str) -> Draft:
    """The story in an edited template; AecoachError when it has no title or a bad skill."""
    title, skills = "", ""
    parts: dict[str, list[str]] = {p: [] for p in PARTS}
    by_heading = {f"[{h.lower()}]": p for p, h in HEADINGS.items()}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if stripped.lower() in by_heading:
            current = by_heading[stripped.lower()]
            continue
        if current is None:
            key, _sep, value = stripped.partition(":")
            if key.lower() == "title":
                title = value.strip()
            elif key.lower() == "skills":
                skills = value
            continue
        parts[current].append(line.rstrip())
    if not title:
        raise AecoachError(Msg.STORY_NO_TITLE)
    # Typed in any editor, shown on the terminal later: control characters made visible.
    return Draft(
        title=inert(title),
        skills=check_skills(skills.split(",")),
        **{p: inert("\n".join(parts[p]).strip()) for p in PARTS},
    )


@dataclass(frozen=True)
class BankReport:
    stories: int
    missing_skills: tuple[str, ...]  # skills no story shows
    overused: tuple[tuple[str, int, int], ...]  # (title, told, of all answers telling a story)

    def as_dict(self) -> dict[str, object]:
        return {
            "stories": self.stories,
            "skills_without_story": list(self.missing_skills),
            "overused": [{"title": t, "told": n, "of": of} for t, n, of in self.overused],
        }


def report(
    stories: Sequence[tuple[str, str, Sequence[str]]],
    uses: Mapping[str, int],
    skills: Iterable[str] = taxonomy.SKILLS,
) -> BankReport:
    """`stories`: (uid, title, skills); `uses`: answers per story uid."""
    shown = {s for _uid, _title, story_skills in stories for s in story_skills}
    told = sum(uses.values())
    overused = tuple(
        (title, uses[uid], told)
        for uid, title, _skills in stories
        if uses.get(uid, 0) >= OVERUSED_AT_LEAST and uses[uid] > told * OVERUSED_SHARE
    )
    return BankReport(
        stories=len(stories),
        missing_skills=tuple(s for s in skills if s not in shown),
        overused=overused,
    )
