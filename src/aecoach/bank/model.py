"""The plain data types of the bank. Built by the loader, read by everything else."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Question:
    key: str  # "<pack>/<id>": the stable key the history uses, in every language
    id: str
    pack: str
    language: str
    text: str
    kind: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    time_limit: int
    hints: tuple[str, ...]
    origin: str = ""  # "file:line", for messages
    fallback: bool = False  # shown in the source language because a translation is missing


@dataclass(frozen=True, slots=True)
class Tip:
    key: str
    id: str
    pack: str
    language: str
    kind: str
    title: str
    body: str
    roles: tuple[str, ...]
    skills: tuple[str, ...] = ()
    origin: str = ""
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class Ask:
    key: str
    id: str
    pack: str
    language: str
    text: str
    why: str
    roles: tuple[str, ...]
    origin: str = ""
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class Objection:
    key: str
    id: str
    pack: str
    language: str
    line: str  # what the prospect says
    theme: str
    roles: tuple[str, ...]
    points: tuple[str, ...]
    time_limit: int = 45
    origin: str = ""
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    title: str
    language: str
    roles: tuple[str, ...]
    path: Path
    description: str = ""
    builtin: bool = False
    questions: tuple[Question, ...] = ()
    tips: tuple[Tip, ...] = ()
    asks: tuple[Ask, ...] = ()
    objections: tuple[Objection, ...] = ()


@dataclass(frozen=True)
class Bank:
    packs: tuple[Pack, ...]
    language: str = "en"
    questions: tuple[Question, ...] = field(init=False)
    tips: tuple[Tip, ...] = field(init=False)
    asks: tuple[Ask, ...] = field(init=False)
    objections: tuple[Objection, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "questions", tuple(q for p in self.packs for q in p.questions))
        object.__setattr__(self, "tips", tuple(t for p in self.packs for t in p.tips))
        object.__setattr__(self, "asks", tuple(a for p in self.packs for a in p.asks))
        object.__setattr__(self, "objections", tuple(o for p in self.packs for o in p.objections))
