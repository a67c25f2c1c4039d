"""``analyze_document``: whole-policy segmentation, classification and clause extraction."""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .analyze import (
    BATCH,
    SectionModel,
    is_heading_like,
    is_list_item,
    passage_result,
    passage_scores,
    score_parts,
)
from .confidence import clause_confidence
from .docmeta import last_updated, missing_findings, structural_findings
from .extract import extract_values
from .patterns.sections import LIST_ITEM_WORDS, THRESHOLDS
from .pipeline import PIPELINE_VERSION, get_nlp, learn_words
from .rule_scoring import Cue, combine, heading_keys_of, primary_heading_key, read_cues
from .segment import (
    HEADING,
    ITEM,
    PARA,
    Block,
    is_phone_line,
    is_title,
    segment_blocks,
    split_sentences,
)
from .types import Clause, DocumentAnalysis, PassageResult, SectionSpan

Progress = Callable[[str, float], None]
_MIN_WORDS = 2
_NAMING = ("rn", "email", "phone", "url")
# The company itself denying that it passes data on: "we never share ...", "we will not rent or
# sell ...". Not a passive hope ("... will never be disclosed"), nor a verb between the negation
# and the sharing ("we do not require you to disclose", "we do not make forums available").
_DENIES_SHARING = re.compile(
    r"\b(?:we|us)\b[^.;:]{0,30}?(?:\bnot|\bnever|n[’']t)\s+(?:(?!be\b|been\b)[a-z]+ly\s+|or\s+|"
    r"(?:ever|any|to)\s+)?(?:share|sell|rent|trade|disclose|transfer|give|lease)",
    re.I,
)


@dataclass
class _Para:
    block: Block
    context: list[int]  # heading block indices, innermost first
    span_index: int
    sentences: list[tuple[int, int]]
    cues: list[list[Cue]] = field(default_factory=list)
    intro: int | None = None  # index of the paragraph announcing the list this one is in


def _line_key(text: str, block: Block) -> str:
    """A block's line, lower-cased with its spaces collapsed: the same heading however spaced."""
    return " ".join(text[block.start:block.end].lower().split())


def _heading_runs(text: str, blocks: list[Block]) -> list[list[int]]:
    """Runs of consecutive heading blocks. A heading repeating the one just before it (the
    same line twice) is one heading: it does not lengthen the run."""
    def norm(i: int) -> str:
        return _line_key(text, blocks[i])

    runs: list[list[int]] = []
    run: list[int] = []
    for i, block in enumerate(blocks):
        if block.kind != HEADING:
            if run:
                runs.append(run)
            run = []
        elif not run or norm(i) != norm(i - 1):
            run.append(i)
    if run:
        runs.append(run)
    return runs


def _non_context_headings(
    text: str, blocks: list[Block], head_cues: dict[int, list[Cue]]
) -> set[int]:
    """Headings that should not frame the text after them: tables of contents (runs of three
    or more headings, or one long line naming several sections)."""
    skip: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind == HEADING:
            named = {c.key for c in head_cues[i] if c.kind == "head"}
            if len(named) >= 3 or (len(named) >= 2 and blocks[i].words > 6):
                skip.add(i)
    for run in _heading_runs(text, blocks):
        if len(run) >= 3:
            # a heading followed by a deeper one is the parent of it, not a contents line
            skip.update(
                a for a, b in zip(run[:-1], run[1:], strict=True)
                if blocks[b].level <= blocks[a].level
            )
    return skip


def _table_of_contents(text: str, blocks: list[Block]) -> set[int]:
    """Headings of the policy's own table of contents: a run of three or more headings whose
    lines appear again as headings later on. They are not sections of their own."""
    def norm(i: int) -> str:
        return _line_key(text, blocks[i])

    toc: set[int] = set()
    for run in _heading_runs(text, blocks):
        if len(run) >= 3:
            later = {norm(j) for j in range(run[-1] + 1, len(blocks)) if blocks[j].kind == HEADING}
            repeated = [j for j in run[:-1] if norm(j) in later or norm(j) == norm(run[-1])]
            if len(repeated) >= 2:
                toc.update(repeated)
    return toc


def _unframing_lines(text: str, blocks: list[Block]) -> set[int]:
    """Lines read as minor headings (level 2 or 3: "4.2 Your name", "Google Analytics") that
    frame no text: the next line (past repeats of the line itself) is a heading of the same or a
    higher rank. Such a line is an entry of its own ("Protect against legal liability" ending a
    list, "Google Analytics" in a list of providers), not the title of a section. A top-level
    heading with nothing under it stays one (an empty section)."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind != HEADING or block.level < 2:
            continue
        j = i + 1
        while j < len(blocks) and _line_key(text, blocks[j]) == _line_key(text, block):
            j += 1
        if j < len(blocks) and blocks[j].kind == HEADING and blocks[j].level <= block.level:
            out.add(i)
    return out


def _ending(text: str, block: Block) -> str:
    """How a line ends: ".", ";" (also "; and", "; or"), "," or "" (a bare entry). The
    entries of one list end alike; an unbulleted line ending otherwise has left the list."""
    line = text[block.start:block.end].rstrip()
    for word in (" and", " or", " and/or"):
        if line.endswith(word):
            line = line[: -len(word)].rstrip()
            break
    last = line[-1:] if line else ""
    return last if last in ".;," else ""


# A list entry that opens with a purpose ("To contact You ...", "For billing ..."): the entries
# of a list of purposes open alike, however long each one is.
_PURPOSE_OPENING = re.compile(
    r"^\W{0,3}(?:to|for)\s+(?!more\b|further\b|additional\b)[a-z]", re.I
)


def _opens_with_purpose(text: str, block: Block) -> bool:
    return _PURPOSE_OPENING.match(text[block.start:block.end]) is not None


# An entry's bracketed enumerator ("(ii).", "(b)"): the entries of one such list share its
# shape, however long each one is.
_ENUMERATOR = re.compile(r"^\s{0,3}(\((?:[ivxlc]{1,6}|[a-z])\)\.?)\s", re.I)


def _enumerator_shape(text: str, block: Block) -> str:
    m = _ENUMERATOR.match(text[block.start:block.end])
    return re.sub(r"\d+", "0", re.sub(r"[a-z]+", "a", m.group(1).lower())) if m else ""


def _noop(stage: str, fraction: float) -> None:
    return None


def _substantive(text: str) -> bool:
    """``_MIN_WORDS`` words with a letter, or one with three letters in all (counting stops
    at ``_MIN_WORDS``)."""
    if is_phone_line(text):
        return True
    words = 0
    for w in text.split():
        if w.isalpha() or any(c.isalpha() for c in w):
            words += 1
            if words >= _MIN_WORDS:
                return True
    return bool(words) and sum(c.isalpha() for c in text) >= 3


def analyze_document(
    text: str,
    *,
    title: str = "",
    progress: Progress | None = None,
    classifier: SectionModel | None = None,
) -> DocumentAnalysis:
    """Segment, classify and extract one policy. Offsets refer to ``text``.

    ``classifier``, when given, decides the paragraphs' section labels it was trained on
    (``extraction.nlp.analyze_document`` passes the configured one)."""
    report = progress or _noop
    timings: dict[str, float] = {}
    started = time.perf_counter()
    report("segmenting", 0.0)
    blocks = segment_blocks(text)
    nlp = get_nlp()
    learn_words(nlp, (text,))
    heading_ids = [i for i, b in enumerate(blocks) if b.kind == HEADING]
    with nlp.memory_zone():
        head_texts = [text[blocks[i].start:blocks[i].end] for i in heading_ids]
        head_cues = {
            i: read_cues(doc, blocks[i].start)
            for i, doc in zip(heading_ids, nlp.pipe(head_texts, batch_size=BATCH), strict=True)
        }
    for i in heading_ids:
        if blocks[i].level == 3 and any(c.kind in _NAMING for c in head_cues[i]):
            blocks[i].kind, blocks[i].level = PARA, 0  # a name or address line, not a heading
            del head_cues[i]
    heading_ids = [i for i in heading_ids if i in head_cues]
    entries = _unframing_lines(text, blocks)
    for i in entries:
        blocks[i].kind, blocks[i].level = PARA, 0
        del head_cues[i]
    heading_ids = [i for i in heading_ids if i in head_cues]
    entry_ids = {id(blocks[i]) for i in entries}
    skip = _non_context_headings(text, blocks, head_cues)
    toc = _table_of_contents(text, blocks)
    stack: dict[int, int] = {}
    names = {i: heading_keys_of(head_cues[i]) for i in heading_ids}
    topic: int | None = None  # the last heading naming collection only
    paras: list[_Para] = []
    span_starts: list[tuple[int, int]] = []  # (block index or -1, start)
    for i, block in enumerate(blocks):
        if block.kind == HEADING:
            if i in toc:
                continue
            span_starts.append((i, block.start))
            if i in skip or (len(span_starts) == 1 and is_title(text[block.start:block.end])):
                continue
            if topic is not None and blocks[topic].level > block.level:
                topic = None  # a heading of a higher rank starts another topic
            for level in [lv for lv in stack if lv >= block.level]:
                del stack[level]
            stack[block.level] = i
            if names[i]:
                topic = i if names[i] == ["collection"] else None
            continue
        if not span_starts:
            span_starts.append((-1, block.start))
        context = [stack[lv] for lv in sorted(stack, reverse=True)]
        if topic is not None and topic not in context and not any(names[h] for h in context):
            # subheadings that name no section ("Log Data", "A. Identifiers") after a heading
            # about collection only ("Types of Data Collected") name kinds of data it collects
            context.append(topic)
        sentences = [
            (s, e) for s, e in split_sentences(text, block.start, block.end)
            if _substantive(text[s:e])
        ]
        para = _Para(block, context, len(span_starts) - 1, sentences)
        prev = paras[-1] if paras else None
        if prev is not None and blocks[i - 1].kind != HEADING:
            if text[prev.block.start:prev.block.end].rstrip().endswith(":"):
                para.intro = len(paras) - 1
            elif prev.intro is not None and (
                block.kind == ITEM or (
                    len(text[block.start:block.end].split()) <= LIST_ITEM_WORDS
                    and _ending(text, block) == _ending(text, paras[prev.intro + 1].block)
                ) or (
                    _opens_with_purpose(text, block)
                    and _opens_with_purpose(text, paras[prev.intro + 1].block)
                ) or (
                    _enumerator_shape(text, block) != ""
                    and _enumerator_shape(text, block)
                    == _enumerator_shape(text, paras[prev.intro + 1].block)
                )
            ):
                para.intro = prev.intro
        paras.append(para)
    report("segmenting", 1.0)
    timings["segmenting"] = time.perf_counter() - started

    total = max(len(paras), 1)
    report("classifying", 0.0)
    t0 = time.perf_counter()
    with nlp.memory_zone():
        docs = nlp.pipe((text[p.block.start:p.block.end] for p in paras), batch_size=BATCH)
        for n, (para, doc) in enumerate(zip(paras, docs, strict=True)):
            starts = [s for s, _ in para.sentences]
            para.cues = [[] for _ in starts]
            for cue in read_cues(doc, para.block.start):
                k = bisect_right(starts, cue.start) - 1
                if k >= 0 and cue.start < para.sentences[k][1]:
                    para.cues[k].append(cue)
            if n % 200 == 199:
                report("classifying", n / total)
    report("classifying", 1.0)
    timings["classifying"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    report("extracting", 0.0)
    para_sections: list[tuple[str, ...]] = []
    framings: list[list[list[Cue]]] = []
    whole: dict[int, dict[str, float]] = {}  # id(para) -> scores of a one-sentence passage
    titles: set[int] = set()  # title-like entry lines: no clause unless a model labels them
    for para in paras:
        framing = [head_cues[i] for i in para.context]
        if para.intro is not None:
            intro = paras[para.intro]
            # a short intro frames its list as a heading does, a long one by its body cues
            # (read_cues marks a long one)
            framing = [[c for cues in intro.cues for c in cues], *framing]
        framings.append(framing)
        flat = [c for cues in para.cues for c in cues]
        bounds = [s for s, _ in para.sentences[1:]]
        block = para.block
        parts = score_parts(text[block.start:block.end], block.start, flat, framing, bounds)
        if len(para.sentences) == 1 and para.sentences[0] == (block.start, block.end):
            # the one sentence is the passage: its sentence scores are the passage's
            whole[id(para)] = combine(*parts)
        line = text[block.start:block.end]
        if (
            id(block) in entry_ids and is_heading_like(line, flat)
            and not is_list_item(line, flat, framing)
        ):
            # a title-like line states nothing, as in passage mode
            para_sections.append(())
            titles.add(len(para_sections) - 1)
            continue
        result = passage_result(line, block.start, flat, framing, bounds, parts=parts)
        para_sections.append(result.sections)
    model = classifier
    disagree: set[int] = set()
    if model is not None and paras:
        texts = [text[p.block.start:p.block.end] for p in paras]
        ctxs = [[text[blocks[i].start:blocks[i].end] for i in reversed(p.context)] for p in paras]
        rules = [PassageResult(s, ()) for s in para_sections]
        predicted = [tuple(x) for x in model.predict(texts, ctxs, rules)]
        disagree = {
            i for i, (r, m) in enumerate(zip(para_sections, predicted, strict=True))
            if set(r) != set(m)
        }
        para_sections = predicted

    clauses: list[Clause] = []
    primary = {i: primary_heading_key(head_cues[i]) for i in heading_ids}  # once per heading
    for p_i, para in enumerate(paras):
        allowed = para_sections[p_i]
        if p_i in titles and not allowed:
            continue  # a title, like the headings it was read as, is no statement
        framing = framings[p_i]
        sent_scores = [whole[id(para)]] if id(para) in whole else [
            passage_scores(text[s:e], s, cues, framing)
            for cues, (s, e) in zip(para.cues, para.sentences, strict=True)
        ]
        assigned: list[set[str]] = [set() for _ in para.sentences]
        fallback: set[int] = set()
        for key in allowed:
            passing = [
                k for k, sc in enumerate(sent_scores)
                if sc.get(key, 0.0) >= THRESHOLDS.get(key, 99.0)
            ]
            if not passing and sent_scores:
                passing = [max(range(len(sent_scores)), key=lambda k: sent_scores[k].get(key, 0))]
                fallback.update(passing)
            for k in passing:
                assigned[k].add(key)
        head_keys = {primary[i] for i in para.context[:2]}
        for k, (s, e) in enumerate(para.sentences):
            secs = tuple(key for key in allowed if key in assigned[k])
            clauses.append(
                _clause(text, s, e, secs, para.cues[k], para.span_index, allowed, head_keys,
                        k in fallback, p_i in disagree)
            )
        if p_i % 200 == 199:
            report("extracting", p_i / max(len(paras), 1))

    heading_keys: dict[int, str] = {}
    spans = _section_spans(text, blocks, span_starts, head_cues, primary, clauses, heading_keys)
    findings = structural_findings(text, blocks, heading_keys)
    findings += missing_findings(spans, clauses)
    report("extracting", 1.0)
    timings["extracting"] = time.perf_counter() - t0
    return DocumentAnalysis(
        text=text,
        pipeline_version=PIPELINE_VERSION,
        sections=tuple(spans),
        clauses=tuple(clauses),
        findings=tuple(findings),
        last_updated=last_updated(text),
        timings=timings,
    )


def _clause(
    text: str,
    start: int,
    end: int,
    secs: tuple[str, ...],
    cues: list[Cue],
    span_index: int,
    para_secs: tuple[str, ...],
    head_keys: set[str | None],
    fallback: bool = False,
    disagree: bool = False,
) -> Clause:
    sentence = text[start:end]
    v = extract_values(sentence, start, cues, (*secs, *(k for k in head_keys if k)))
    implied = []
    if v.retention is not None and v.retention.duration:
        implied.append("retention")
    if v.countries:
        implied.append("transfers")
    if v.children_age:
        implied.append("children")
    if (v.recipient_names and "sharing" in para_secs) or (
        v.negated and v.practice in ("share", "sell") and _DENIES_SHARING.search(sentence)
    ):
        implied.append("sharing")
    secs = (*secs, *(k for k in implied if k not in secs))
    return Clause(
        start=start,
        end=end,
        text=sentence,
        sections=secs,
        section_index=span_index,
        practice=v.practice,
        negated=v.negated,
        modality=v.modality,
        data_types=tuple(v.data_types),
        purposes=tuple(v.purposes),
        recipient_names=tuple(v.recipient_names),
        recipient_categories=tuple(v.recipient_categories),
        retention=v.retention,
        rights=tuple(v.rights),
        countries=tuple(v.countries),
        children_age=v.children_age,
        evidence=tuple(v.evidence),
        confidence=clause_confidence(
            replace(v.signs, section_fallback=fallback, model_disagrees=disagree)
        ),
        scope=v.scope,
        dnt_stance=v.dnt_stance,
    )


def _section_spans(
    text: str,
    blocks: list[Block],
    span_starts: list[tuple[int, int]],
    head_cues: dict[int, list[Cue]],
    primary: dict[int, str | None],
    clauses: list[Clause],
    heading_keys: dict[int, str],
) -> list[SectionSpan]:
    spans: list[SectionSpan] = []
    by_span: dict[int, list[Clause]] = {}
    for clause in clauses:
        by_span.setdefault(clause.section_index, []).append(clause)
    for order, (b_i, start) in enumerate(span_starts):
        end = span_starts[order + 1][1] if order + 1 < len(span_starts) else len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        counts: Counter[str] = Counter()
        for clause in by_span.get(order, ()):
            counts.update(clause.sections)
        named = heading_keys_of(head_cues[b_i]) if b_i >= 0 else []
        ranked = [k for k, _ in counts.most_common()]
        key = (primary[b_i] if b_i >= 0 else None) or (ranked[0] if ranked else "other")
        keys = tuple(dict.fromkeys([key, *named, *ranked]))
        if b_i >= 0:
            heading_keys[b_i] = key
            block = blocks[b_i]
            heading = text[block.start:block.end]
            body_start = block.end
        else:
            heading, body_start = "", start
        spans.append(SectionSpan(order, key, heading, start, end, body_start, keys))
    return spans
