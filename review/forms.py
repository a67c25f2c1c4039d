"""The review form of the web pages (the API has its own serializer)."""

from __future__ import annotations

from django import forms

from review.models import Review, ReviewField


class ReviewForm(forms.Form):
    clause = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    field = forms.ChoiceField(choices=ReviewField.choices, required=False)
    # The version page's form: "field|value" of the value judged, or "" for a new value in
    # ``new_field`` (add missing).
    target = forms.CharField(required=False, max_length=240)
    new_field = forms.ChoiceField(choices=ReviewField.choices, required=False)
    value = forms.CharField(required=False, max_length=200)
    # "action:reason" from a quick button, or the action and reason fields below.
    choice = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=Review.Action.choices, required=False)
    reason = forms.ChoiceField(choices=Review.Reason.choices, required=False)
    new_value = forms.CharField(required=False, max_length=200)
    span_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    span_end = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=4000, widget=forms.Textarea)
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        choice = data.get("choice") or ""
        if choice:
            action, _, reason = choice.partition(":")
            data["action"], data["reason"] = action, reason
        if "target" in self.data:
            target = data.get("target") or ""
            if target:
                data["field"], _, data["value"] = target.partition("|")
            else:
                data["field"], data["value"] = data.get("new_field") or "", ""
                if data.get("action") != "not_practice":
                    data["action"] = "add_missing"
        if data.get("action") not in Review.Action.values:
            raise forms.ValidationError("Choose an action.")
        if data.get("field") not in ReviewField.values:
            raise forms.ValidationError("Choose the field reviewed.")
        return data
