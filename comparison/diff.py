"""What changed between two versions of one company's policy, as plain dataclasses.

``version_diff_build(old=, new=)`` loads both versions' clauses (two queries, with
``comparison.selectors.version_clauses``) and returns (shapes in ``comparison.diff_types``)::

    VersionDiff
      old, new: VersionInfo(id, date, last_updated, ingested_at, url, clause_count,
                          pipeline_version)
      changes: tuple[Change, ...]   ranked by materiality, most material first
        Change(kind, field, section, summary, before, after, materiality,
               old_clause: ClauseBrief | None, new_clause: ClauseBrief | None)
          kind: "added" | "removed" | "changed"
          field: retention | recipient | data_type | country | recipient_category | right |
                 purpose | children_age | negation | practice | section | clause
          before/after: human labels ("18 months" -> "36 months"; "" when not applicable)
          materiality: 0–100 (retention period changes and new recipients rank highest;
                       rewording without a change of values lowest)
        ClauseBrief(id, text, url, start, end)   the evidence sentence: its link on the
                                                 version page and its offsets in that text
      text: tuple[DiffHunk, ...]    line diff of the stored texts (difflib), 3 lines context
        DiffHunk(old_start, new_start, lines: tuple[DiffLine, ...])
          DiffLine(op " " | "-" | "+", old_no, new_no, text,
                   parts: tuple[(op, text), ...])  word-level parts for changed lines
      stats: {"added": n, "removed": n, "changed": n, "lines_added": n, "lines_removed": n}

Clauses are aligned with difflib over their normalised texts; identical sentences are not
changes (even if another pipeline version read them differently); clauses in replaced blocks are
paired by text similarity, so an edited sentence is a "changed" clause whose value changes are
reported one by one, and a value already stated elsewhere in the other version counts less.
``comparison.html.text_diff_html`` turns ``text`` into escaped HTML.
"""

from __future__ import annotations

import difflib
import re

from comparison.builders.links import clause_url, version_url
from comparison.diff_types import (
    Change,
    ClauseBrief,
    DiffHunk,
    DiffLine,
    VersionDiff,
    VersionInfo,
)
from comparison.selectors import version_clauses
from policies.models import Clause, PolicyVersion
from policies.values import (
    FIELD_LABELS,
    SECTION_LABELS,
    clause_section_keys,
    clause_values,
    retention_label,
)

WEIGHTS: dict[tuple[str, str], int] = {
    ("retention", "changed"): 95,
    ("retention", "added"): 85,
    ("retention", "removed"): 85,
    ("practice", "added_sell"): 92,
    ("negation", "changed"): 88,
    ("recipient", "added"): 80,
    ("recipient", "removed"): 55,
    ("data_type", "added"): 78,
    ("data_type", "removed"): 50,
    ("section", "removed"): 75,
    ("section", "added"): 40,
    ("country", "added"): 72,
    ("country", "removed"): 45,
    ("right", "removed"): 70,
    ("right", "added"): 45,
    ("children_age", "changed"): 70,
    ("children_age", "added"): 60,
    ("children_age", "removed"): 60,
    ("recipient_category", "added"): 65,
    ("recipient_category", "removed"): 40,
    ("practice", "changed"): 55,
    ("purpose", "added"): 50,
    ("purpose", "removed"): 30,
    ("clause", "added"): 15,
    ("clause", "removed"): 20,
    ("clause", "changed"): 10,
}
PAIR_THRESHOLD = 0.55
MAX_PAIRINGS = 20_000
_WS = re.compile(r"\s+")
_WORDS = re.compile(r"\s+|[^\s\w]|\w+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def _section(clause: Clause) -> str:
    keys = clause_section_keys(clause, clause.section.key if clause.section_id else None)
    return keys[0] if keys else "other"


def _facts(clauses: list[Clause]) -> set[tuple[str, str]]:
    return {(f, v) for c in clauses for f, v, _ in clause_values(c)}


def _sections(clauses: list[Clause]) -> set[str]:
    keys: set[str] = set()
    for c in clauses:
        keys.update(clause_section_keys(c, c.section.key if c.section_id else None))
    keys.discard("other")
    return keys


def version_diff_build(*, old: PolicyVersion, new: PolicyVersion) -> VersionDiff:
    """Clause-level and text changes from ``old`` to ``new`` (same company)."""
    slug = new.policy.company.slug
    old_clauses, new_clauses = version_clauses(old), version_clauses(new)
    old_url, new_url = version_url(slug, old.pk), version_url(slug, new.pk)
    builder = _ChangeBuilder(old_clauses, new_clauses, old_url, new_url)
    builder.run()
    changes = sorted(builder.changes, key=lambda c: (-c.materiality, c.section, c.summary))
    hunks, added_lines, removed_lines = text_diff(old.text, new.text)
    stats = {
        "added": sum(1 for c in changes if c.kind == "added"),
        "removed": sum(1 for c in changes if c.kind == "removed"),
        "changed": sum(1 for c in changes if c.kind == "changed"),
        "lines_added": added_lines,
        "lines_removed": removed_lines,
    }
    return VersionDiff(
        _info(old, old_url, old_clauses),
        _info(new, new_url, new_clauses),
        tuple(changes),
        tuple(hunks),
        stats,
    )


def _info(version: PolicyVersion, url: str, clauses: list[Clause]) -> VersionInfo:
    pipelines = sorted({c.pipeline_version for c in clauses if c.pipeline_version})
    return VersionInfo(
        version.pk,
        version.last_updated or version.ingested_at.date(),
        version.last_updated,
        version.ingested_at,
        url,
        len(clauses),
        ", ".join(pipelines),
    )


class _ChangeBuilder:
    def __init__(self, old: list[Clause], new: list[Clause], old_url: str, new_url: str):
        self.old, self.new = old, new
        self.old_url, self.new_url = old_url, new_url
        self.old_facts, self.new_facts = _facts(old), _facts(new)
        self.changes: list[Change] = []

    def brief(self, clause: Clause | None, base: str) -> ClauseBrief | None:
        if clause is None:
            return None
        return ClauseBrief(clause.pk, clause.text, clause_url(base, clause.pk), clause.start,
                           clause.end)

    def add(self, kind, field, section, summary, before, after, weight, old=None, new=None):
        self.changes.append(
            Change(kind, field, section, summary, before, after, max(0, min(100, weight)),
                   self.brief(old, self.old_url), self.brief(new, self.new_url))
        )

    def run(self) -> None:
        a = [_norm(c.text) for c in self.old]
        b = [_norm(c.text) for c in self.new]
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                # Same sentence, same meaning: a different reading of it is an extraction
                # difference (e.g. another pipeline version), not a change of the policy.
                continue
            olds, news = list(range(i1, i2)), list(range(j1, j2))
            # Pair edited sentences; a rewrite too large to pair cheaply is removed + added.
            pairable = len(olds) * len(news) <= MAX_PAIRINGS
            for j in list(news) if pairable else ():
                best, best_ratio = None, PAIR_THRESHOLD
                for i in olds:
                    sm = difflib.SequenceMatcher(None, a[i], b[j], autojunk=False)
                    if sm.quick_ratio() < best_ratio:
                        continue
                    ratio = sm.ratio()
                    if ratio >= best_ratio:
                        best, best_ratio = i, ratio
                if best is not None:
                    olds.remove(best)
                    news.remove(j)
                    self.compare(self.old[best], self.new[j], reworded=True)
            for i in olds:
                self.one_sided(self.old[i], "removed")
            for j in news:
                self.one_sided(self.new[j], "added")
        self.section_changes()

    def compare(self, old: Clause, new: Clause, *, reworded: bool) -> None:
        section = _section(new)
        before_count = len(self.changes)
        if (old.retention_duration, old.retention_qualifier) != (
            new.retention_duration, new.retention_qualifier
        ):
            before = retention_label(old.retention_duration, old.retention_qualifier or "")
            after = retention_label(new.retention_duration, new.retention_qualifier or "")
            if before and after:
                weight = WEIGHTS["retention", "changed"]
                if (new.retention_days or 0) > (old.retention_days or 0):
                    weight += 3  # keeping data longer is the more material direction
                self.add("changed", "retention", section,
                         f"Retention changed from {before} to {after}", before, after, weight,
                         old, new)
            elif after:
                self.add("added", "retention", section, f"Retention period added: {after}",
                         "", after, WEIGHTS["retention", "added"], old, new)
            elif before:
                self.add("removed", "retention", section, f"Retention period removed: {before}",
                         before, "", WEIGHTS["retention", "removed"], old, new)
        if old.negated != new.negated:
            what = f"{new.practice or 'statement'}"
            summary = (f"Now a negative statement (does not {what})" if new.negated
                       else f"No longer a negative statement: now says it may {what}")
            self.add("changed", "negation", section, summary, "negated" if old.negated else "",
                     "negated" if new.negated else "", WEIGHTS["negation", "changed"], old, new)
        if (old.practice or "") != (new.practice or "") and old.practice and new.practice:
            weight = WEIGHTS["practice", "added_sell" if new.practice == "sell" else "changed"]
            self.add("changed", "practice", section,
                     f"Practice changed from {old.practice} to {new.practice}", old.practice,
                     new.practice, weight, old, new)
        if old.children_age != new.children_age:
            self.add("changed", "children_age", section, "Children's age threshold changed",
                     str(old.children_age or ""), str(new.children_age or ""),
                     WEIGHTS["children_age", "changed"], old, new)
        old_vals = {(f, v): lab for f, v, lab in clause_values(old) if f not in
                    {"retention", "children_age"}}
        new_vals = {(f, v): lab for f, v, lab in clause_values(new) if f not in
                    {"retention", "children_age"}}
        for key in new_vals.keys() - old_vals.keys():
            self.value_change("added", key, new_vals[key], section, old, new)
        for key in old_vals.keys() - new_vals.keys():
            self.value_change("removed", key, old_vals[key], section, old, new)
        if reworded and len(self.changes) == before_count:
            self.add("changed", "clause", section, "Clause reworded (no change of values)",
                     "", "", WEIGHTS["clause", "changed"], old, new)

    def value_change(self, kind, key, label, section, old, new) -> None:
        field, value = key
        weight = WEIGHTS.get((field, kind), 30)
        # A value the other version states elsewhere moved rather than appeared/disappeared.
        elsewhere = key in (self.old_facts if kind == "added" else self.new_facts)
        if elsewhere:
            weight //= 3
        name = FIELD_LABELS.get(field, field).lower()
        verb = "added" if kind == "added" else "removed"
        summary = f"{'New' if kind == 'added' else 'Removed'} {name}: {label}"
        if elsewhere:
            summary += f" ({verb} here, stated elsewhere in the other version)"
        self.add(kind, field, section, summary, label if kind == "removed" else "",
                 label if kind == "added" else "", weight, old, new)

    def one_sided(self, clause: Clause, kind: str) -> None:
        section = _section(clause)
        other = self.old_facts if kind == "added" else self.new_facts
        old, new = (None, clause) if kind == "added" else (clause, None)
        material = False
        for field, value, label in clause_values(clause):
            if (field, value) in other:
                continue
            material = True
            weight = WEIGHTS.get((field, kind), 30)
            name = FIELD_LABELS.get(field, field).lower()
            prefix = "New" if kind == "added" else "Removed"
            self.add(kind, field, section, f"{prefix} {name}: {label}",
                     label if kind == "removed" else "", label if kind == "added" else "",
                     weight, old, new)
        if kind == "added" and clause.practice == "sell" and not clause.negated:
            self.add("added", "practice", section, "New statement that data may be sold", "",
                     "sell", WEIGHTS["practice", "added_sell"], None, clause)
            material = True
        if not material:
            verb = "New clause" if kind == "added" else "Clause removed"
            self.add(kind, "clause", section, f"{verb} (its values are stated elsewhere too)",
                     "", "", WEIGHTS["clause", kind], old, new)

    def section_changes(self) -> None:
        old_keys, new_keys = _sections(self.old), _sections(self.new)
        if not self.old or not self.new:
            return
        for key in sorted(old_keys - new_keys):
            label = SECTION_LABELS.get(key, key)
            self.add("removed", "section", key, f"The policy no longer covers {label.lower()}",
                     label, "", WEIGHTS["section", "removed"])
        for key in sorted(new_keys - old_keys):
            label = SECTION_LABELS.get(key, key)
            self.add("added", "section", key, f"The policy now covers {label.lower()}", "",
                     label, WEIGHTS["section", "added"])


def _word_parts(old: str, new: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str],
                                                                                 ...]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            left.append((" ", "".join(a[i1:i2])))
            right.append((" ", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(("+", "".join(b[j1:j2])))
    return tuple(left), tuple(right)


def text_diff(old: str, new: str, context: int = 3) -> tuple[list[DiffHunk], int, int]:
    """Line diff with word-level parts for lines replaced one for one."""
    a, b = old.splitlines(), new.splitlines()
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hunks: list[DiffHunk] = []
    added = removed = 0
    for group in sm.get_grouped_opcodes(context):
        lines: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine(" ", i + 1, j + 1, a[i])
                             for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
                continue
            removed += i2 - i1
            added += j2 - j1
            if tag == "replace" and i2 - i1 == j2 - j1:
                pairs = list(zip(range(i1, i2), range(j1, j2), strict=True))
                parts = [_word_parts(a[i], b[j]) for i, j in pairs]
                lines.extend(DiffLine("-", i + 1, None, a[i], p[0])
                             for (i, _), p in zip(pairs, parts, strict=True))
                lines.extend(DiffLine("+", None, j + 1, b[j], p[1])
                             for (_, j), p in zip(pairs, parts, strict=True))
                continue
            lines.extend(DiffLine("-", i + 1, None, a[i]) for i in range(i1, i2))
            lines.extend(DiffLine("+", None, j + 1, b[j]) for j in range(j1, j2))
        first = group[0]
        hunks.append(DiffHunk(first[1] + 1, first[3] + 1, tuple(lines)))
    return hunks, added, removed
