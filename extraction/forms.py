"""The upload form: a company (existing or new) and text pasted, uploaded or fetched."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings

from extraction.intake import (
    ALLOWED_EXTENSIONS,
    Intake,
    UploadError,
    check_file,
    check_file_name,
    check_last_updated,
    check_text,
    check_url,
    megabytes,
    one_source,
)
from extraction.services.uploads import upload_is_deferred
from policies.models import Company
from policies.selectors import company_similar, company_slug

__all__ = ["ALLOWED_EXTENSIONS", "UploadForm", "megabytes"]


@dataclass(frozen=True)
class Deferred:
    """A PDF or DOCX file to convert after the response."""

    name: str
    content_type: str
    data: bytes


def as_form_error(exc: UploadError) -> forms.ValidationError:
    return forms.ValidationError(exc.message, code=exc.code)


class UploadForm(forms.Form):
    """One policy version: a company (existing or new) and exactly one source of text."""

    company = forms.ModelChoiceField(
        queryset=Company.objects.order_by("name"),
        required=False,
        empty_label="— choose a company —",
        help_text="An existing company…",
    )
    new_company = forms.CharField(
        label="or a new company", required=False, max_length=200,
        help_text="…or the name of a company to create.",
    )
    same_as = forms.ModelChoiceField(
        queryset=Company.objects.all(), required=False, widget=forms.HiddenInput,
        help_text="Set by the “use this company” buttons when a new name is like an old one.",
    )
    distinct_company = forms.BooleanField(
        required=False, label="It is a different company: create it",
        help_text="Only asked when the new name is very like an existing company's.",
    )
    text = forms.CharField(
        label="Paste the policy text", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(
        label="or upload a file",
        required=False,
        help_text="Plain text, HTML, PDF or Word (.docx); at most {}.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    url = forms.URLField(
        label="or fetch it from a URL", required=False, max_length=1000,
        assume_scheme="https",
    )
    last_updated = forms.DateField(
        label="Last updated (optional)", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date the policy states, if you know it; otherwise it is read from the text.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = settings.POLICY_MAX_UPLOAD_BYTES
        self.fields["file"].help_text = self.fields["file"].help_text.format(
            megabytes(self.max_bytes)
        )
        self.intake: Intake | None = None  # once clean() succeeds
        self.deferred: Deferred | None = None  # instead, for a PDF or DOCX file
        self.similar: list[Company] = []  # existing companies the new name is very like

    def clean_new_company(self) -> str:
        name = " ".join(self.cleaned_data.get("new_company", "").split())
        if name and not company_slug(name):
            raise forms.ValidationError("The name must contain letters or digits.",
                                        code="invalid")
        return name

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_file_name(name=upload.name, size=upload.size)
            except UploadError as exc:
                raise as_form_error(exc) from exc
        return upload

    def clean_last_updated(self):
        try:
            return check_last_updated(self.cleaned_data.get("last_updated"))
        except UploadError as exc:
            raise as_form_error(exc) from exc

    def clean(self):
        data = super().clean()
        if data.get("same_as"):  # "use this company" after a similar-name question
            data["company"], data["new_company"] = data["same_as"], ""
        company, new_company = data.get("company"), data.get("new_company")
        if new_company and not company and not data.get("distinct_company"):
            self.similar = [c for c in company_similar(name=new_company)
                            if c.name != new_company]
            exact = [c for c in company_similar(name=new_company) if c.name == new_company]
            if exact:
                data["company"], data["new_company"] = exact[0], ""
                company, new_company = exact[0], ""
                self.similar = []
            elif self.similar:
                shown = ", ".join(f"“{c.name}”" for c in self.similar)
                self.add_error("new_company", forms.ValidationError(
                    f"“{new_company}” is very like {shown}, which already exists. Which is "
                    "meant? Use the existing company, or tick “It is a different company”.",
                    code="similar_company",
                ))
        if company and new_company:
            self.add_error("new_company", "Choose an existing company or name a new one, "
                                          "not both.")
        elif not company and not new_company and not self.has_error("new_company"):
            self.add_error("company", "Choose a company or name a new one.")
        if self.has_error("file") or self.has_error("url"):
            return data
        try:
            source = one_source({name: data.get(name) for name in ("text", "file", "url")})
            if source == "text":
                self.intake = check_text(data["text"])
            elif source == "file":
                upload = data["file"]
                if upload_is_deferred(upload.name):
                    # PDF/DOCX: converted after the response (UploadConversion); the view
                    # stores the bytes, whose first bytes are checked there
                    self.deferred = Deferred(upload.name, upload.content_type or "",
                                             upload.read())
                else:
                    self.intake = check_file(name=upload.name, size=upload.size,
                                             content_type=upload.content_type or "",
                                             read=upload.read)
            else:
                self.intake = check_url(data["url"])
        except UploadError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, as_form_error(exc))
        return data
