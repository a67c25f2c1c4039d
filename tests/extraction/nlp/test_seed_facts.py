"""Facts the pipeline must get right on the five real seed policies."""

from __future__ import annotations

from extraction.nlp.types import Clause, DocumentAnalysis


def clauses_with(analysis: DocumentAnalysis, words: str) -> list[Clause]:
    found = [c for c in analysis.clauses if words in c.text]
    assert found, f"no clause contains {words!r}"
    return found


def test_all_in_print_retention_transfer_and_sale(seed):
    a = seed("000")
    first = clauses_with(a, "pseudonymous data collected on our Websites for up to 18 months")[0]
    assert first.retention is not None and first.retention.duration == "P18M"
    assert first.practice == "retain"
    assert "retention" in first.sections
    later = clauses_with(a, "stored for up to 3 additional years")[0]
    assert later.retention is not None and later.retention.duration == "P3Y"
    china = clauses_with(a, "servers located in the China")[0]
    assert china.countries == ("CN",)
    assert "transfers" in china.sections
    sale = clauses_with(a, "will not, sell your information")[0]
    assert sale.practice == "sell" and sale.negated
    assert a.last_updated is not None and a.last_updated.isoformat() == "2022-07-14"


def test_all_in_print_use_section_is_flagged(seed):
    a = seed("000")
    flagged = [f for f in a.findings if f.kind in ("dangling_list", "empty_section")]
    use = [f for f in flagged if f.section == "use"]
    assert use, flagged
    assert use[0].start is not None and use[0].end is not None
    assert a.text[use[0].start:use[0].end].rstrip().endswith("including the following:")
    assert any(f.kind == "missing_section" and f.section == "children" for f in a.findings)


def test_retailer_retention_periods(seed):
    a = seed("004")
    logs = clauses_with(a, "Log files: 90 days")[0]
    assert logs.retention is not None and logs.retention.duration == "P90D"
    account = clauses_with(a, "30 days after account cancellation")[0]
    assert account.retention is not None
    assert account.retention.duration == "P30D"
    assert account.retention.qualifier == "after_account_closure"
    order = clauses_with(a, "Order information: 2 years")[0]
    assert order.retention is not None and order.retention.duration == "P2Y"
    assert order.retention.qualifier == "after_completion"
    in_log_files = clauses_with(a, "in log files for a period of 90 days")[0]
    assert in_log_files.retention is not None and in_log_files.retention.duration == "P90D"
    response = clauses_with(a, "within 15 working days of receipt")[0]
    assert response.retention is None


def test_keditec_children_threshold(seed):
    a = seed("001")
    clause = clauses_with(a, "not targeted at children under the age of 13")[0]
    assert clause.children_age == 13
    assert "children" in clause.sections
    headings = [s.heading for s in a.sections]
    assert "VII. Children’s Privacy" in headings
    assert "(I) Personal Information" in headings


def test_intsig_recipients_dnt_and_california(seed):
    a = seed("002")
    names = {n for c in a.clauses for n in c.recipient_names}
    assert {"Google Analytics", "Mixpanel"} <= names
    dnt = clauses_with(a, "do not have the capability to respond")[0]
    assert "do_not_track" in dnt.rights and dnt.negated
    assert "cookies" in dnt.sections
    california = clauses_with(a, "California residents may request and obtain from us")[0]
    assert "rights" in california.sections
    assert "access" in california.rights
    assert california.modality == "may"
    assert a.last_updated is not None and a.last_updated.isoformat() == "2016-04-12"


def test_allmyink_recipients_and_no_marketing_sharing(seed):
    a = seed("003")
    named = clauses_with(a, "eg WordPress")[0]
    assert {"WordPress", "Stripe", "MailChimp"} <= set(named.recipient_names)
    assert "sharing" in named.sections
    never = clauses_with(a, "We never share your personal information")[0]
    assert never.practice == "share" and never.negated
    assert "marketing" in never.purposes
    assert "sharing" in never.sections


def test_every_seed_clause_slices_its_text(seed):
    for prefix in ("000", "001", "002", "003", "004"):
        a = seed(prefix)
        assert a.clauses
        for clause in a.clauses:
            assert a.text[clause.start:clause.end] == clause.text
            for ev in clause.evidence:
                assert clause.start <= ev.start < ev.end <= clause.end
        for span in a.sections:
            assert a.text[span.start:span.start + len(span.heading)] == span.heading
