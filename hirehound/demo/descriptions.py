"""Job descriptions for demo postings: built from role-specific duties and requirements, rendered as HTML or markdown.

A description is a tuple of blocks (heading, paragraph, bullet list) so that one text can be rendered the way each
board delivers it (HTML for native scrapers, markdown for JobSpy) and rewritten for duplicate variants.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

from hirehound.demo.roles import Family

Block = tuple[str, str | tuple[str, ...]]  # ("h" | "p", text) or ("ul", items)
Blocks = tuple[Block, ...]

_MISSIONS = {
    "software": "build software that helps teams around the world do their best work",
    "ecommerce": "make buying and selling online simple for millions of shoppers",
    "bank": "help our customers make real financial progress",
    "finance": "combine rigorous research with technology to manage capital responsibly",
    "publishing": "help researchers and professionals find trusted information",
    "industrial": "engineer the machines and systems that keep industry running",
    "consulting": "help the world's leading organisations solve their hardest problems",
    "retail": "bring quality products to our communities at fair prices",
    "it_services": "deliver digital transformation for clients across the globe",
    "aerospace": "design and build the aircraft of tomorrow",
    "healthtech": "make healthcare more accessible for patients and practitioners",
    "hospital": "provide compassionate, high-quality care to every patient",
    "dental": "give every patient a healthy, confident smile",
    "logistics": "move goods safely and on time for thousands of businesses",
    "education": "give every child the opportunity to thrive",
    "hospitality": "create memorable stays and experiences for our guests",
    "insurance": "protect what matters most to our customers",
    "energy": "power homes and businesses with cleaner energy",
    "construction": "build homes and spaces that last for generations",
    "telecom": "keep people and businesses connected",
    "pharma": "discover and deliver medicines that change patients' lives",
    "legal": "give our clients practical, high-quality legal advice",
    "staffing": "connect great people with great employers",
    "unknown": "grow quickly and reward hard work",
}
_BENEFITS = {
    "US": ("Medical, dental and vision insurance", "401(k) with company match", "Paid time off and paid holidays",
           "Tuition reimbursement", "Employee assistance program", "Paid parental leave"),
    "GB": ("25 days holiday plus bank holidays", "Company pension scheme", "Private medical insurance",
           "Cycle to work scheme", "Enhanced parental leave", "Learning and development budget"),
    "DE": ("30 days of vacation", "Company pension plan", "Public transport ticket", "Flexible working hours",
           "Learning budget", "Modern office in a central location"),
    "FR": ("Tickets restaurant", "RTT days", "Mutuelle with excellent coverage", "Flexible remote work",
           "Training budget", "Works council benefits"),
    "CA": ("Extended health and dental benefits", "RRSP matching", "Paid vacation", "Wellness allowance",
           "Parental leave top-up"),
    "IN": ("Health insurance for you and your family", "Provident fund", "Performance bonus", "Flexible hours",
           "Learning allowance", "Transport facility"),
    "NL": ("25 vacation days", "Pension plan", "Travel allowance", "Learning budget", "Hybrid working"),
}  # fmt: skip
_EEO = {
    "US": "{company} is an equal opportunity employer. All qualified applicants will receive consideration for "
    "employment without regard to race, color, religion, sex, sexual orientation, gender identity, national origin, "
    "disability or veteran status.",
    "GB": "{company} is committed to equality of opportunity and welcomes applications from all backgrounds.",
}
_EEO_DEFAULT = "We value diversity and welcome applications from everyone, regardless of background."
_TEAM = (
    "You will join a {team} team of {size} people who care about doing things properly.",
    "The {team} team works closely with colleagues across the business and values clear communication.",
    "We invest in our people with coaching, regular feedback and time to learn new skills.",
    "Our {team} team has grown quickly over the last two years and we are now adding more experienced people.",
    "Day to day you will use {skill} and the tools that best fit the problem at hand.",
    "We believe that small, focused teams with clear ownership deliver the best results.",
    "This is a great opportunity to make a visible impact from your first month.",
)
_ABOUT = (
    "is proud to be recognised as a great place to work.",
    "operates in more than twenty countries.",
    "has been growing steadily every year for the last decade.",
    "is committed to sustainability and to the communities where we work.",
)
_YEARS = {"Junior": 1, "Associate": 1, "Apprentice": 1, "Trainee": 0, "New Graduate": 0, "Senior": 5, "Lead": 7,
          "Staff": 8, "Principal": 10, "Group": 8, "Master": 10, "Journeyman": 4, "Charge": 4,
          "Shift Lead": 2}  # fmt: skip


@dataclass(frozen=True)
class Spec:
    """What a description is about; `company` None writes an intro without the employer's name."""

    family: Family
    title: str
    level: str
    company: str | None
    industry: str
    country: str
    salary_line: str | None


def build(rng: random.Random, spec: Spec) -> Blocks:
    fam = spec.family
    skill, skill2 = rng.sample(fam.skills, 2)
    years = str(_YEARS.get(spec.level, 3))
    fill = {"skill": skill, "skill2": skill2, "years": years}
    mission = _MISSIONS.get(spec.industry, _MISSIONS["unknown"])
    article = "an" if spec.title[:1] in "AEIOU" or spec.title.startswith("HR") else "a"
    if spec.company:
        intro = (
            f"At {spec.company}, we {mission}. We are looking for {article} {spec.title} to join our {fam.team} team."
        )
    else:
        intro = (
            f"Our client, a well-established {spec.industry.replace('_', ' ')} business, is looking for "
            f"{article} {spec.title} to join their {fam.team} team."
        )
    duties = [d.format(**fill) for d in rng.sample(fam.duties, min(len(fam.duties), rng.randint(6, 8)))]
    needs = [n.format(**fill) for n in rng.sample(fam.needs, min(len(fam.needs), rng.randint(5, 7)))]
    team = " ".join(rng.sample(_TEAM, 3)).format(team=fam.team, size=rng.randint(4, 40), skill=skill)
    benefits = _BENEFITS.get(spec.country, _BENEFITS["US"])
    blocks: list[Block] = [
        ("p", intro),
        ("p", team),
        ("h", rng.choice(("Responsibilities", "What you'll do", "Key responsibilities"))),
        ("ul", tuple(duties)),
        ("h", rng.choice(("Requirements", "What we're looking for", "Qualifications"))),
        ("ul", tuple(needs)),
    ]
    if rng.random() < 0.4:
        extra = [s for s in fam.skills if s not in (skill, skill2)]
        blocks += [("h", "Nice to have"), ("ul", tuple(f"Experience with {s}." for s in rng.sample(extra, 2)))]
    blocks += [("h", rng.choice(("Benefits", "What we offer"))), ("ul", tuple(rng.sample(benefits, 4)))]
    if spec.salary_line:
        blocks.append(("p", spec.salary_line))
    if spec.company and rng.random() < 0.6:
        founded, people = rng.randint(1890, 2019), rng.choice(("200", "1,500", "8,000", "40,000", "120,000"))
        blocks.append(
            (
                "p",
                f"Founded in {founded}, {spec.company} employs around {people} people and {rng.choice(_ABOUT)}",
            )
        )
    eeo = _EEO.get(spec.country, _EEO_DEFAULT) if spec.company else _EEO_DEFAULT
    blocks.append(("p", eeo.format(company=spec.company or "Our client")))
    return tuple(blocks)


@dataclass(frozen=True)
class HtmlStyle:
    """How one board's HTML looks: headings as <h3> or <strong>, entities, a stray tracking <script>."""

    strong_headings: bool = False
    entities: bool = False
    script: bool = False


_SCRIPT = "<script>window.dataLayer=window.dataLayer||[];dataLayer.push({'event':'job_view'});</script>"


def to_html(blocks: Blocks, style: HtmlStyle) -> str:
    def esc(text: str) -> str:
        out = html.escape(text, quote=False)
        return out.replace("'", "&#39;").replace(", ", ",&nbsp;", 1) if style.entities else out

    parts = ['<div class="job-description">']
    for kind, value in blocks:
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{esc(item)}</li>" for item in value) + "</ul>")
        elif kind == "h":
            parts.append(
                f"<p><strong>{esc(str(value))}</strong></p>" if style.strong_headings else f"<h3>{esc(str(value))}</h3>"
            )
        else:
            parts.append(f"<p>{esc(str(value))}</p>")
    if style.script:
        parts.append(_SCRIPT)
    parts.append("</div>")
    return "\n".join(parts)


def to_markdown(blocks: Blocks) -> str:
    parts = []
    for kind, value in blocks:
        if kind == "ul":
            parts.append("\n".join(f"* {item}" for item in value))
        elif kind == "h":
            parts.append(f"**{value}**")
        else:
            parts.append(str(value))
    return "\n\n".join(parts)


def to_text(blocks: Blocks) -> str:
    return " ".join(" ".join(v) if k == "ul" else str(v) for k, v in blocks)
