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


# --- issue #10: denials scoped to what they deny, sharing found (seed facts) ---------------

def _denied(a: DocumentAnalysis, field: str, value: str) -> list[Clause]:
    """Whole-scope denials of ``value`` in ``field`` (what the comparison shows as "not ...")."""
    return [
        c for c in a.clauses
        if c.negated and c.scope is None and value in getattr(c, field)
    ]


def test_allmyink_collects_contact_data_and_never_shares_for_marketing(seed):
    a = seed("003")
    asked = clauses_with(a, "Users may be asked for")[0]
    assert asked.practice == "collect" and not asked.negated
    assert "contact" in asked.data_types
    cookies = clauses_with(a, "The cookies our website uses do not collect")[0]
    assert cookies.negated and cookies.scope and "cookies" in cookies.scope.lower()
    assert not _denied(a, "data_types", "contact")
    assert not any(
        c.practice in ("share", "sell") and not c.negated and "marketing" in c.purposes
        for c in a.clauses
    )
    duty = clauses_with(a, "they are required to keep it safe")[0]
    assert not duty.negated


def test_intsig_location_choice_transfer_anywhere_no_government(seed):
    a = seed("002")
    location = clauses_with(a, "If you do not want us to collect location information")[0]
    assert not location.negated and location.practice == "grant"
    assert not _denied(a, "data_types", "location")
    scope = clauses_with(a, "does not include use of Cookies by such third parties")[0]
    assert not scope.negated and not scope.data_types
    providers = clauses_with(a, "expressly obligated not to disclose")[0]
    assert not providers.negated and providers.practice == "share"
    transfer = clauses_with(a, "computers located outside of your state")[0]
    assert "*" in transfer.countries
    assert "government" not in transfer.recipient_categories
    dnt = clauses_with(a, "do not have the capability to respond")[0]
    assert dnt.dnt_stance == "ignored"


def test_retailer_offers_a_complaint(seed):
    a = seed("004")
    complaint = clauses_with(a, "you may escalate the complaint")[0]
    assert "complaint" in complaint.rights and not complaint.negated
    assert not _denied(a, "rights", "complaint")


def test_all_in_print_sections_retention_and_no_toc_sections(seed):
    a = seed("000")
    keys = {k for s in a.sections for k in s.keys}
    assert "retention" in keys
    both = [s for s in a.sections if s.heading == "SECURITY AND RETENTION"]
    assert len(both) == 1 and {"security", "retention"} <= set(both[0].keys)
    assert sum(1 for s in a.sections if s.heading == "CONTACT US") == 1
    assert len([s for s in a.sections if s.heading and s.end <= s.body_start]) <= 1
    advertising = clauses_with(a, "This policy does not cover data")[0]
    assert not advertising.negated and not advertising.purposes
    assert not _denied(a, "purposes", "advertising")


def test_keditec_erasure_offered_financial_collected_and_shared(seed):
    a = seed("001")
    erasure = clauses_with(a, "you have the right to ask us to delete")[0]
    assert "erasure" in erasure.rights and not erasure.negated
    assert not _denied(a, "rights", "erasure")
    assert not _denied(a, "data_types", "financial")
    card = clauses_with(a, "part of your credit card number")[0]
    assert card.practice == "collect" and "financial" in card.data_types
    complete = clauses_with(a, "will not directly store the complete credit card")[0]
    assert complete.negated and complete.scope and "complete credit card" in complete.scope
    logistics = clauses_with(a, "provide your delivery address and product information")[0]
    assert logistics.practice == "share" and "logistics" in logistics.recipient_categories
    assert "contact" in logistics.data_types


def test_security_is_not_a_purpose_of_security_measures(seed):
    for prefix in ("000", "001", "003"):
        for c in seed(prefix).clauses:
            if "security" in c.sections and c.practice in ("protect", "retain"):
                assert "security" not in c.purposes or "fraud" in c.text.lower(), c.text


def test_clause_to_json_is_asdict_with_lists(seed):
    """``Clause.to_json`` copies fields by hand: the same dict (keys, order, types) as
    ``dataclasses.asdict`` with the list attributes as lists and no ``section_index``."""
    from dataclasses import asdict

    from contract.clause_fields import LIST_ATTRIBUTES

    clauses = [c for prefix in ("000", "001") for c in seed(prefix).clauses]
    assert any(c.retention for c in clauses) and any(c.evidence for c in clauses)
    for clause in clauses:
        expected = asdict(clause)
        for key in LIST_ATTRIBUTES:
            expected[key] = list(expected[key])
        expected["evidence"] = [asdict(e) for e in clause.evidence]
        del expected["section_index"]
        got = clause.to_json()
        assert list(got) == list(expected)
        assert got == expected
        assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in expected.items()}
