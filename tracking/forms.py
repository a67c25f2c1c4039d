"""Forms of the tracking pages: add a source, filter the changes list."""

from __future__ import annotations

from django import forms

from policies.models import Company, Policy, SectionKey
from tracking.api.serializers import CHANGE_FIELDS

INTERVALS = [
    (3600, "Hourly"), (6 * 3600, "Every 6 hours"), (86_400, "Daily"), (7 * 86_400, "Weekly"),
]


class SourceForm(forms.Form):
    company = forms.ModelChoiceField(
        queryset=Company.objects.order_by("name"), required=False,
        empty_label="— choose a company —",
    )
    new_company = forms.CharField(label="or a new company", required=False, max_length=200)
    url = forms.URLField(label="Policy URL", max_length=1000, assume_scheme="https")
    kind = forms.ChoiceField(choices=Policy.Kind.choices, initial=Policy.Kind.PRIVACY)
    check_interval = forms.TypedChoiceField(choices=INTERVALS, coerce=int, initial=86_400,
                                            label="Check")

    def clean(self):
        data = super().clean()
        if data.get("company") and data.get("new_company"):
            self.add_error("new_company", "Choose an existing company or name a new one, "
                                          "not both.")
        elif not data.get("company") and not (data.get("new_company") or "").strip():
            self.add_error("company", "Choose a company or name a new one.")
        return data


class ChangeFilterForm(forms.Form):
    company = forms.ModelChoiceField(queryset=Company.objects.order_by("name"), required=False,
                                     to_field_name="slug", empty_label="All companies")
    section = forms.ChoiceField(choices=[("", "Any section")] + list(SectionKey.choices),
                                required=False)
    field = forms.ChoiceField(choices=[("", "Any field")] + [(f, f.replace("_", " "))
                                                             for f in CHANGE_FIELDS],
                              required=False)
    min_materiality = forms.IntegerField(label="Min. materiality", required=False, min_value=0,
                                         max_value=100)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
