"""Variants of one job's posting: reworded (SEMANTIC), partly edited (PARTIAL) and title variants.

Real re-posts are rarely byte-identical: recruiters paraphrase, reorder bullets, rename sections, cut the benefits
or add an application note, and boards truncate. These edits produce the hard duplicates of the ground truth.
"""

from __future__ import annotations

import random
import re

from hirehound.demo.descriptions import Block, Blocks

_PHRASES = {
    "Work closely with": "Collaborate with", "work closely with": "collaborate with", "Ensure": "Make sure",
    "ensure": "make sure", "Build": "Develop", "build": "develop", "Design": "Architect", "Maintain": "Look after",
    "maintain": "keep up", "Experience with": "Hands-on experience in", "experience with": "hands-on experience in",
    "Strong": "Solid", "strong": "solid", "Ability to": "Able to", "ability to": "capacity to",
    "years of experience": "years' experience", "Excellent": "Outstanding", "excellent": "outstanding",
    "customers": "clients", "Help": "Assist", "help": "assist", "Improve": "Enhance", "improve": "enhance",
    "We are looking for": "We're seeking", "join our": "become part of our", "Knowledge of": "Familiarity with",
    "knowledge of": "familiarity with", "Prepare": "Put together", "Manage": "Oversee", "manage": "oversee",
    "Monitor": "Keep track of", "Provide": "Deliver", "provide": "deliver", "Identify": "Spot", "preferred": "a plus",
    "required": "essential", "fast-paced": "dynamic", "Comfortable": "At ease", "Run": "Lead", "Write": "Author",
    "accurately": "precisely", "quickly": "promptly", "every": "each", "Keep": "Maintain", "safely": "in a safe way",
    "Process": "Handle", "Deliver": "Provide", "Answer": "Respond to", "Greet": "Welcome", "Plan": "Organise",
    "Support": "Assist with", "a plus": "an advantage", "Own": "Take ownership of", "Create": "Produce",
}  # fmt: skip
_PHRASE_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _PHRASES), key=len, reverse=True)) + r")\b")
_HEADINGS = {
    "Responsibilities": "Your role", "What you'll do": "In this role you will", "Key responsibilities": "Your tasks",
    "Requirements": "About you", "What we're looking for": "Who you are", "Qualifications": "Your profile",
    "Benefits": "Perks", "What we offer": "Why join us", "Nice to have": "Bonus points",
}  # fmt: skip


def _reword(rng: random.Random, text: str) -> str:
    return _PHRASE_RE.sub(lambda m: _PHRASES[m.group(1)] if rng.random() < 0.85 else m.group(1), text)


def paraphrase(rng: random.Random, blocks: Blocks) -> Blocks:
    """Same job, other words: phrases swapped, bullets reordered (one sometimes dropped), sections renamed."""
    out: list[Block] = []
    for kind, value in blocks:
        if kind == "ul":
            items = [_reword(rng, item) for item in value]
            rng.shuffle(items)
            if len(items) > 4 and rng.random() < 0.4:
                items.pop()
            out.append(("ul", tuple(items)))
        elif kind == "h":
            out.append(("h", _HEADINGS.get(str(value), str(value))))
        else:
            out.append(("p", _reword(rng, str(value))))
    return tuple(out)


_APPLY_NOTES = (
    "To apply, please submit your CV and a short cover letter through our careers site.",
    "Applications are reviewed on a rolling basis, so we encourage you to apply early.",
    "Please note that we are unable to offer visa sponsorship for this position.",
)


def partial_edit(rng: random.Random, blocks: Blocks) -> Blocks:
    """Same job, part of the content changed: benefits cut, an application note added, or the text truncated."""
    edit = rng.choice(("drop_benefits", "add_note", "truncate", "drop_list_item"))
    items = list(blocks)
    if edit == "drop_benefits":
        heads = [i for i, (k, v) in enumerate(items) if k == "h" and v in ("Benefits", "What we offer")]
        if heads:
            del items[heads[0] : heads[0] + 2]
            return tuple(items)
        edit = "add_note"
    if edit == "truncate" and len(items) > 5:
        cut = max(4, int(len(items) * 0.6))
        return (*items[:cut], ("p", "..."))
    if edit == "drop_list_item":
        lists = [i for i, (k, v) in enumerate(items) if k == "ul" and len(v) > 3]
        if lists:
            i = rng.choice(lists)
            kept = list(items[i][1])
            kept.pop(rng.randrange(len(kept)))
            items[i] = ("ul", tuple(kept))
            return (*items, ("p", rng.choice(_APPLY_NOTES)))
    return (*items, ("p", rng.choice(_APPLY_NOTES)))


_LEVEL_ABBR = {"Senior": "Sr.", "Junior": "Jr.", "Principal": "Principal", "Lead": "Lead", "Staff": "Staff"}


def title_variant(rng: random.Random, base: str, level: str) -> str:
    """Another way to write the same title: 'Sr. Data Engineer', 'Data Engineer (Senior)', 'Data Engineer - Remote'."""
    # the seniority stays in every form: "Senior Housekeeper" and "Housekeeper" are two different requisitions
    # elsewhere in the demo (distinct jobs of one occupation differ by level), so a rewording must keep it
    titled = f"{level} {base}" if level else base
    forms = [
        f"{titled} - Remote",
        f"{titled} (m/w/d)",
        f"{base}, {level}" if level else f"{base} I",
        f"{base} ({level or 'Full Time'})",
    ]
    if level:
        forms.append(f"{_LEVEL_ABBR.get(level, level)} {base}")
    return rng.choice(forms)
