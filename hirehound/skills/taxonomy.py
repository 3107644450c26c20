"""The skill taxonomy: the team's curated vocabulary, optionally merged with ESCO skills from a CSV export.

Every skill has a stable id, a preferred label and alternative labels (ESCO's model). The curated vocabulary
(`vocabulary.yaml`) covers technologies and the business skills job ads name most; ESCO (about 13.9k skills) is
loaded from a user-provided CSV, either ESCO's own export (`conceptUri, preferredLabel, altLabels, ...`) or a
two-column `id,label` file. A curated entry that names its ESCO uuid absorbs that ESCO skill, so the same skill is
never listed twice. ESCO reuse requires the attribution "This service uses the ESCO classification of the
European Commission." (see docs/skills.md).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

ESCO_PREFIX = "http://data.europa.eu/esco/skill/"
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

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.preferred_label, *self.alt_labels, *self.case_sensitive)


@dataclass
class Taxonomy:
    skills: dict[str, Skill] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.skills)

    def version(self) -> str:
        """A hash of every id and label: changes exactly when the taxonomy does."""
        digest = hashlib.sha256()
        for sid in sorted(self.skills):
            s = self.skills[sid]
            digest.update(repr((sid, s.labels, s.case_sensitive, s.generic)).encode())
        return digest.hexdigest()[:16]

    def lookup(self) -> dict[str, str]:
        """Casefolded label -> skill id (curated entries win over ESCO ones), for mapping names to ids."""
        out: dict[str, str] = {}
        for s in sorted(self.skills.values(), key=lambda s: s.source != "curated"):
            for label in s.labels:
                out.setdefault(label.casefold(), s.skill_id)
        return out


def esco_uuid(value: str) -> str:
    return value.strip().removeprefix(ESCO_PREFIX)


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
    """ESCO skills from an ESCO export (`conceptUri,preferredLabel,altLabels`) or an `id,label` CSV."""
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        columns = set(reader.fieldnames or ())
        if {"conceptUri", "preferredLabel"} <= columns:
            uri_col, label_col, alt_col = "conceptUri", "preferredLabel", "altLabels"
        elif {"id", "label"} <= columns:
            uri_col, label_col, alt_col = "id", "label", "alt_labels"
        else:
            raise ValueError(
                f"{path}: not an ESCO skills CSV (need conceptUri,preferredLabel[,altLabels] or id,label columns; "
                f"got {sorted(columns)})"
            )
        out = []
        for row in reader:
            uuid, label = esco_uuid(row.get(uri_col) or ""), (row.get(label_col) or "").strip()
            if not uuid or not label:
                continue
            alts = [a.strip() for a in re.split(r"[\n|]", row.get(alt_col) or "") if a.strip()]
            out.append(_esco_skill(uuid, label, alts))
        return out


def _esco_skill(uuid: str, label: str, alts: Iterable[str]) -> Skill:
    labels = [label, *alts]
    # ESCO disambiguates with a trailing qualifier; job ads write the bare name.
    extra = [bare for lab in labels if (bare := _QUALIFIER.sub("", lab)) and bare != lab]
    alt = tuple(dict.fromkeys(a for a in (*labels[1:], *extra) if a.casefold() != label.casefold()))
    # One-word ESCO labels ("communication", "sales") double as team names: treat them as generic.
    return Skill(
        skill_id=f"esco.{uuid}",
        preferred_label=label,
        alt_labels=alt,
        source="esco",
        esco_uri=ESCO_PREFIX + uuid,
        generic=len(_QUALIFIER.sub("", label).split()) == 1,
    )


def merge_esco(taxonomy: Taxonomy, esco: Iterable[Skill]) -> Taxonomy:
    """The curated taxonomy plus ESCO skills; an ESCO skill a curated entry points at becomes its aliases."""
    by_uri = {s.esco_uri: sid for sid, s in taxonomy.skills.items() if s.esco_uri}
    merged = dict(taxonomy.skills)
    for skill in esco:
        owner = by_uri.get(skill.esco_uri) if skill.esco_uri else None
        if owner is None:
            merged.setdefault(skill.skill_id, skill)
            continue
        cur = merged[owner]
        known = {label.casefold() for label in cur.labels}
        new = tuple(label for label in skill.labels if label.casefold() not in known)
        merged[owner] = Skill(
            cur.skill_id, cur.preferred_label, cur.alt_labels + new, cur.source, cur.category, cur.esco_uri,
            cur.case_sensitive, cur.generic,
        )  # fmt: skip
    return Taxonomy(merged)


def load_taxonomy(esco_csv: str | Path | None = None) -> Taxonomy:
    """Curated vocabulary, plus ESCO when a CSV path is given."""
    taxonomy = load_curated()
    return merge_esco(taxonomy, read_esco_csv(esco_csv)) if esco_csv else taxonomy
