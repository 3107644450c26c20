"""Text prepared for phrase matching, with a map back to the original characters.

Job ads spell the same phrase many ways: "Cold-Calling", "cold  calling", "on\\-premise" (markdown escapes),
curly quotes. Matching runs on a folded copy (case folded, dashes and quotes unified, whitespace runs collapsed,
markdown backslashes dropped) and every match is reported with offsets into the text the posting really has.
"""

from __future__ import annotations

from dataclasses import dataclass

_PUNCT = {"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " "}


@dataclass(frozen=True)
class Folded:
    original: str
    cased: str  # the prepared text before case folding (for case-sensitive labels)
    folded: str  # what the automaton scans
    index: tuple[int, ...]  # index[i] = position in `original` of folded[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the folded span [start, end)."""
        return self.index[start], self.index[end - 1] + 1


def fold_label(label: str) -> str:
    """A taxonomy label folded the same way as text, so both meet in the automaton."""
    return fold(label).folded.strip()


def fold(text: str) -> Folded:
    chars: list[str] = []
    index: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        ch = _PUNCT.get(ch, ch)
        if ch == "\\":  # markdown escape: "fast\-growing" reads "fast-growing"
            continue
        if ch.isspace():
            # A whitespace run becomes one space, or one newline when it breaks a line (phrases never span lines).
            if prev_space:
                if ch == "\n" and chars:
                    chars[-1] = "\n"
                continue
            ch, prev_space = ("\n" if ch == "\n" else " "), True
        else:
            prev_space = False
        chars.append(ch)
        index.append(i)
    cased = "".join(chars)
    # Case folding that keeps one character per character, so offsets stay aligned.
    folded = "".join(low if len(low := c.lower()) == 1 else c for c in cased)
    return Folded(text, cased, folded, tuple(index))
