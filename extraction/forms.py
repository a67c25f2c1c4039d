"""The upload form: a company (existing or new) and text pasted, uploaded or fetched."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils.text import slugify

from extraction.fetch import FetchError, fetch_url
from extraction.nlp import ConversionError, convert_to_text
from policies.models import Company, PolicyVersion

ALLOWED_EXTENSIONS = (".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx")


def megabytes(n: int) -> str:
    return f"{n / 1_048_576:.1f}".rstrip("0").rstrip(".") + " MB"


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
        self.converted = None  # ConvertedText once clean() succeeds
        self.source_kind = ""
        self.source_url = ""
        self.original_filename = ""

    def clean_new_company(self) -> str:
        name = " ".join(self.cleaned_data.get("new_company", "").split())
        if name and not slugify(name):
            raise forms.ValidationError("The name must contain letters or digits.")
        return name

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"The file is {megabytes(upload.size)}; the limit is {megabytes(self.max_bytes)}."
            )
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                f"Files of type “{suffix or 'no extension'}” are not accepted; upload .txt, "
                ".html, .pdf or .docx."
            )
        return upload

    def clean(self):
        data = super().clean()
        company, new_company = data.get("company"), data.get("new_company")
        if company and new_company:
            self.add_error("new_company", "Choose an existing company or name a new one, "
                                          "not both.")
        elif not company and not new_company and not self.has_error("new_company"):
            self.add_error("company", "Choose a company or name a new one.")

        sources = [name for name in ("text", "file", "url") if data.get(name)]
        if self.has_error("file") or self.has_error("url"):
            return data
        if not sources:
            self.add_error("text", "Paste the text, upload a file or give a URL.")
            return data
        if len(sources) > 1:
            for name in sources[1:]:
                self.add_error(name, "Give only one source: paste, file or URL.")
            return data
        source = sources[0]
        try:
            if source == "text":
                text = data["text"]
                if not text.strip():
                    raise ConversionError("The text is empty.")
                size = len(text.encode("utf-8"))
                if size > self.max_bytes:
                    raise ConversionError(f"The pasted text is {megabytes(size)}; the limit is "
                                          f"{megabytes(self.max_bytes)}.")
                self.converted = convert_to_text(text.encode("utf-8"), filename="pasted.txt",
                                                 media_type="text/plain")
                self.source_kind = PolicyVersion.SourceKind.PASTE
            elif source == "file":
                upload = data["file"]
                raw = upload.read()
                self.converted = convert_to_text(
                    raw, filename=upload.name, media_type=upload.content_type or ""
                )
                self.source_kind = PolicyVersion.SourceKind.UPLOAD
                self.original_filename = PurePath(upload.name).name
            else:
                fetched = fetch_url(data["url"])
                self.converted = convert_to_text(
                    fetched.data, filename=fetched.filename, media_type=fetched.media_type
                )
                self.source_kind = PolicyVersion.SourceKind.URL
                self.source_url = fetched.url
                self.original_filename = fetched.filename
        except (ConversionError, FetchError) as exc:
            self.add_error(source, str(exc))
        return data
