"""Segmentation: lines -> headings, paragraphs and list items; paragraphs -> sentences.

Works on offsets only, so every block and sentence slices the original text exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textscan import may_contain

HEADING = "heading"
PARA = "para"
ITEM = "item"
IMPLICIT_ITEM = 9

_LINE = re.compile(r"[^\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")
_BULLET = re.compile(r"^(?:[-*•·●▪◦‣–—]|\(?[a-z]\)|\d{1,2}\)|\(\d{1,2}\))\s+")
_MD = re.compile(r"^(#{1,6})\s+")
_ROMAN = re.compile(r"^(?:[IVXLC]{1,6})[.)]\s*(?=\S)")
# A one-letter marker ("C. Commercial information"): a roman numeral or the next letter of a
# lettered list ("A.", "B.", "C.")
_LETTER = re.compile(r"^([A-Z])[.)]\s+(?=\S)")
_PAREN_ROMAN = re.compile(r"^\((?:[IVXLC]{1,6}|[ivxlc]{1,6}|[A-Za-z]|\d{1,2})\)\s*(?=\S)")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+(?=\S)")
_NO_LETTERS = re.compile(r"^[\W\d_]*$")
# A line that is only a phone number ("(+44) 20 7946 0000", "+1 555-010-9999"): text, not a rule.
_PHONE_LINE = re.compile(r"^\+?\(?\+?\d[\d ()./-]{5,}\d$")
_QUESTION_WORDS = 12
_INNER_STOP = re.compile(r"[.!?;:]\s")
# A marker "(3)" or "3)" before a line: an item in a list, a heading after a paragraph
_NUMBERED_TITLE = re.compile(r"^(?:\(\d{1,2}\)|\d{1,2}\))\s+[A-Z]")
_LIST_END = re.compile(r"[;,]\s*(?:and|or|and/or)$", re.I)
_DATE_DIGITS = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_TITLE_WORDS = re.compile(r"[A-Za-z][\w’'-]*")
_SMALL = {
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
    "the", "to", "with", "we", "our", "your", "you", "us", "how", "do", "is", "are", "this",
    "that", "what", "who", "when", "where", "why", "it", "its", "not", "about", "under",
}
_ABBREV = {
    "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "llc", "mr", "mrs", "ms", "dr", "st",
    "no", "vs", "u.s", "u.k", "jr", "sr", "art", "sec", "para", "approx", "ie", "eg", "fig",
}
_DATE_LINE = re.compile(r"\b(updated|effective|revised|modified|version)\b.*\d", re.I)
_DATE_WORDS = ("updated", "effective", "revised", "modified", "version")
_TITLE = re.compile(r"\bprivacy\b.*\b(polic(?:y|ies)|notices?|statements?)\b", re.I)
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9•\-])")


@dataclass
class Block:
    kind: str  # HEADING, PARA or ITEM
    start: int
    end: int
    level: int = 0  # heading level (1 = top), 0 for body blocks
    words: int = 0  # number of words (headings only)


def _lines(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, blank_line_before) of each non-blank stripped line."""
    out: list[tuple[int, int, bool]] = []
    last_end = 0
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        gap = text[last_end:start]
        blank = gap.count("\n") >= 2 or "\n\n" in gap.replace("\r", "") or not out
        out.append((start, end, blank))
        last_end = end
    return out


def heading_level(line: str) -> int:
    """Heading level of ``line`` or 0 when it reads as body text."""
    md = _MD.match(line)
    if md:
        return len(md.group(1))
    if may_contain(line, line.lower(), _DATE_WORDS) and _DATE_LINE.search(line):
        return 0
    if len(line) > 110 or _NO_LETTERS.match(line):
        return 0
    if "@" in line or "http" in line or "www." in line:
        return 0
    if line[-1] in ".,;!" and not _ROMAN.match(line + " "):
        return 0
    if _LIST_END.search(line):
        return 0  # a list entry ending "...; or", "..., and"
    if line.endswith(":") and len(line.split()) > 6:
        return 0
    words = _TITLE_WORDS.findall(line)
    if not words or len(words) > 14:
        return 0
    digits = sum(c.isdigit() for c in line)
    if digits > 6:
        return 0
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "(#"):
        return 0
    letters = [c for c in line if c.isalpha()]
    if _ROMAN.match(line) or _NUMBERED.match(line):
        numbered = _NUMBERED.match(line)
        if numbered and "." in numbered.group(1).strip("."):
            return 2
        return 1
    if _PAREN_ROMAN.match(line):
        return 2
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) > 2:
        return 1
    if line[-1] == "?" and len(words) <= _QUESTION_WORDS and not _INNER_STOP.search(line[:-1]):
        return 3  # a question that titles a section ("How will we use your data?")
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL)
    if caps / len(words) >= 0.75 and len(words) <= 10:
        return 3
    if len(words) <= 5 and line[-1] not in ".:":
        return 3
    return 0


def is_phone_line(line: str) -> bool:
    """A line holding only a phone number (seven digits or more)."""
    return (
        bool(_PHONE_LINE.match(line)) and sum(c.isdigit() for c in line) >= 7
        and not _DATE_DIGITS.match(line)
    )


def is_title(line: str) -> bool:
    """A document title such as "Acme Privacy Policy" (not used as section context)."""
    return bool(_TITLE.search(line)) and len(line.split()) <= 8


def segment_blocks(text: str) -> list[Block]:
    """Split ``text`` into heading, paragraph and list-item blocks."""
    blocks: list[Block] = []
    for start, end, blank in _lines(text):
        line = text[start:end]
        if _NO_LETTERS.match(line) and not is_phone_line(line):
            continue
        prev = blocks[-1] if blocks else None
        if _BULLET.match(line):
            if _NUMBERED_TITLE.match(line) and _outside_list(text, prev) and heading_level(line):
                # "(11) Data collection purposes" after a paragraph: a numbered heading
                blocks.append(Block(HEADING, start, end, 2, len(line.split())))
            else:
                blocks.append(Block(ITEM, start, end))
            continue
        level = heading_level(line)
        if (
            prev is not None
            and (prev.kind == PARA or (prev.kind == HEADING and prev.level == 3))
            and not blank
            and text[prev.end - 1] not in ".:;!?\"”)"
            and line[0].islower()
        ):
            prev.end = end  # a hard-wrapped paragraph continues
            prev.kind, prev.level = PARA, 0
            continue
        if level == 3 and prev is not None and _in_list(text, prev):
            # a short line of a list announced by ":" (level marks an unbulleted item)
            blocks.append(Block(ITEM, start, end, IMPLICIT_ITEM))
        elif level:
            blocks.append(Block(HEADING, start, end, level, len(line.split())))
        else:
            blocks.append(Block(PARA, start, end))
    _letters_after_letters(text, blocks)
    return blocks


def _letters_after_letters(text: str, blocks: list[Block]) -> None:
    """A heading marked "C." or "I." right after the line marked "B." or "H." is the next entry
    of a lettered list, not a roman-numbered top-level heading: it takes that line's rank."""
    before: tuple[str, int] | None = None  # the letter before the current one, and its rank
    current: tuple[str, int] | None = None  # the last letter seen (its repeats share it)
    for block in blocks:
        m = _LETTER.match(text[block.start:block.end])
        if not m:
            continue
        letter = m.group(1)
        rank = block.level if block.kind == HEADING else 3
        if current is not None and letter != current[0]:
            before = current
        if (
            before is not None and block.kind == HEADING and block.level == 1
            and letter in "CIVXL" and ord(letter) == ord(before[0]) + 1
        ):
            block.level = rank = before[1]
        if current is None or letter != current[0]:
            current = (letter, rank)


def _outside_list(text: str, prev: Block | None) -> bool:
    """Whether the block after ``prev`` starts outside any list: ``prev`` is a paragraph that
    announces none (no ":" at its end) or a heading."""
    if prev is None or prev.kind == HEADING:
        return True
    return prev.kind == PARA and not text[prev.start:prev.end].rstrip().endswith(":")


def _in_list(text: str, prev: Block) -> bool:
    """Whether the block after ``prev`` continues a list (intro ending in ":", or an item)."""
    if prev.kind == ITEM:
        return prev.level == IMPLICIT_ITEM
    return prev.kind == PARA and text[prev.start:prev.end].rstrip().endswith(":")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets within ``text[start:end]``."""
    out: list[tuple[int, int]] = []
    chunk = text[start:end]
    pos = 0
    for m in _SENT_END.finditer(chunk):
        before = chunk[pos:m.start()].rsplit(None, 1)
        last = before[-1].lower().rstrip(".") if before else ""
        if last in _ABBREV or (len(last) == 1 and last.isalpha()):
            continue
        cut = m.end()
        piece = chunk[pos:cut].rstrip()
        if piece:
            out.append((start + pos, start + pos + len(piece)))
        pos = cut
    piece = chunk[pos:].rstrip()
    if piece:
        lead = len(piece) - len(piece.lstrip())
        out.append((start + pos + lead, start + pos + len(piece)))
    return out
