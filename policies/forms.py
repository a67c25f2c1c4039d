"""The companies page's filter form."""

from __future__ import annotations

from django import forms

from extraction.nlp.checklist import LABELS, REQUIREMENT_KEYS
from policies.models import SectionKey
from policies.selectors import COMPANY_SORTS

SORT_CHOICES = [
    ("name", "Name (A–Z)"),
    ("-name", "Name (Z–A)"),
    ("updated", "Most recently updated"),
    ("-updated", "Least recently updated"),
    ("clauses", "Most clauses"),
]
assert {k for k, _ in SORT_CHOICES} == set(COMPANY_SORTS)  # noqa: S101


class CompanyFilterForm(forms.Form):
    q = forms.CharField(label="Name", required=False, max_length=200)
    has_retention = forms.BooleanField(label="States a retention period", required=False)
    country = forms.ChoiceField(label="Transfers to", required=False)
    # Free text, case-insensitive and partial ("mixp" finds Mixpanel); the stored names are
    # offered as suggestions (a datalist).
    recipient = forms.CharField(
        label="Names recipient", required=False, max_length=200,
        widget=forms.TextInput(attrs={"list": "recipient-choices", "autocomplete": "off",
                                      "placeholder": "e.g. Mixpanel"}),
    )
    lacks_section = forms.ChoiceField(
        label="Lacks section",
        required=False,
        choices=[("", "—")] + [c for c in SectionKey.choices if c[0] != "other"],
    )
    lacks_requirement = forms.ChoiceField(
        label="Lacks GDPR requirement",
        required=False,
        choices=[("", "—"), *((k, LABELS[k]) for k in REQUIREMENT_KEYS)],
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, countries=(), recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + [(c, c) for c in countries]
        self.recipient_choices = list(recipients)

    def clean_recipient(self) -> str:
        return self.cleaned_data["recipient"].strip()
