"""Document-level facts: the "last updated" date and the findings (empty, dangling, missing)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from .segment import HEADING, ITEM, PARA, Block
from .textscan import finditer_at
from .types import Clause, Finding, SectionSpan

STANDARD_SECTIONS: tuple[str, ...] = (
    "collection", "use", "sharing", "cookies", "retention", "rights", "security", "children",
    "changes", "contact",
)

_DATE_LINE = re.compile(
    r"(?:last\s+(?:updated|modified|revised|amended)|effective\s+(?:date|as\s+of|from|on)|"
    r"updated\s+(?:on|as\s+of)|date\s+of\s+last\s+revision|revised\s+on|version\s+date)"
    r"\s*(?:on|as\s+of)?\s*[:\-–]?\s*(?:on\s+)?"
    r"(?P<date>[A-Za-z0-9,./\- ]{6,40})",
    re.I,
)
# Where a _DATE_LINE match can begin (case-sensitive, for ``finditer_at``)
_DATE_LINE_STARTS = re.compile("last|effective|updated|date|revised|version")
_FORMATS = (
    "%B %d, %Y", "%B %d %Y", "%d %B %Y", "%d %B, %Y", "%b %d, %Y", "%b %d %Y", "%d %b %Y",
    "%Y/%m/%d", "%Y-%m-%d", "%Y.%m.%d", "%m/%d/%Y", "%d.%m.%Y", "%B %Y", "%d/%m/%Y",
)


def parse_date(raw: str) -> date | None:
    """Parse a written date with strptime, falling back to dateparser."""
    raw = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", raw.strip().rstrip(".,;"))
    candidates = [raw]
    words = raw.split()
    for n in range(len(words) - 1, 1, -1):
        candidates.append(" ".join(words[:n]).rstrip(".,;"))
    for cand in candidates:
        for fmt in _FORMATS:
            try:
                return datetime.strptime(cand, fmt).date()
            except ValueError:
                continue
    try:
        import dateparser
    except ImportError:  # pragma: no cover - dateparser is a dependency
        return None
    short = " ".join(words[:4]).rstrip(".,;")
    if not any(c.isdigit() for c in short):
        return None
    parsed = dateparser.parse(short, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed is not None else None


def last_updated(text: str) -> date | None:
    """The date of a "Last updated: ..." style line, if the policy has one."""
    for m in finditer_at(_DATE_LINE, _DATE_LINE_STARTS, text, text.lower()):
        raw = m.group("date").split("\n")[0]
        parsed = parse_date(raw)
        if parsed is not None and 1990 <= parsed.year <= 2100:
            return parsed
        if m.start() > 5000:
            break
    return None


def structural_findings(
    text: str, blocks: Sequence[Block], heading_keys: dict[int, str]
) -> list[Finding]:
    """Headings with no body, or whose body ends with a list intro but no list."""
    findings: list[Finding] = []
    titles = [text[b.start:b.end].strip().lower() for b in blocks]
    for i, block in enumerate(blocks):
        if block.kind != HEADING or i == 0:
            continue
        heading = text[block.start:block.end]
        key = heading_keys.get(i, "other")
        body: list[Block] = []
        j = i + 1
        while j < len(blocks) and blocks[j].kind != HEADING:
            body.append(blocks[j])
            j += 1
        nxt = blocks[j] if j < len(blocks) else None
        if not body:
            deeper = nxt is not None and nxt.level > block.level
            in_toc = titles[i] in titles[i + 1:] or titles[i] in titles[:i]
            if not deeper and not in_toc:
                findings.append(
                    Finding("empty_section", key, f"Section “{heading}” has no text.",
                            block.start, block.end)
                )
            continue
        last = body[-1]
        if last.kind == PARA and text[last.start:last.end].rstrip().endswith(":"):
            if not any(b.kind == ITEM for b in body):
                findings.append(
                    Finding(
                        "dangling_list", key,
                        f"Section “{heading}” announces a list that never follows.",
                        last.start, last.end,
                    )
                )
    return findings


def missing_findings(
    sections: Sequence[SectionSpan], clauses: Sequence[Clause]
) -> list[Finding]:
    """Standard sections the policy never addresses."""
    present: set[str] = set()
    for span in sections:
        present.update(span.keys or (span.key,))
    for clause in clauses:
        present.update(clause.sections)
    return [
        Finding("missing_section", key, f"The policy has no {key.replace('_', ' ')} section.")
        for key in STANDARD_SECTIONS
        if key not in present
    ]
