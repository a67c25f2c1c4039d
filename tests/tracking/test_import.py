"""manage.py import_policies: folders, ZIPs, the Open Terms Archive layout, CSV sources."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.management import call_command

from policies.models import Company, PolicyVersion
from tracking.models import Source

pytestmark = pytest.mark.django_db


def policy(months: int, name: str = "Acme") -> str:
    return (f"# {name} Privacy Policy\n\n## Data retention\n\nWe retain your personal data for "
            f"{months} months after your account is closed.\n\n## Contact\n\nEmail: "
            f"privacy@{name.lower()}.example\n")


def run(path, run_commits) -> str:
    out = io.StringIO()
    run_commits(call_command, "import_policies", str(path), "--quiet-progress", stdout=out)
    return out.getvalue()


def test_open_terms_archive_layout_keeps_dates_and_is_idempotent(tmp_path, run_commits):
    root = tmp_path / "dataset"
    for day, months in (("2023-01-05", 12), ("2023-06-01T10-00-00Z", 24)):
        path = root / "Acme" / "Privacy Policy" / f"{day}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(policy(months))
    (root / "Acme" / "Cookies Policy").mkdir()
    (root / "Acme" / "Cookies Policy" / "2023-02-01.md").write_text(
        "Cookie Policy\n\nWe use cookies to remember your preferences.\n")
    (root / "Acme" / "Imprint").mkdir()
    (root / "Acme" / "Imprint" / "2023-02-01.md").write_text("Acme Ltd, London")
    (root / "README.md").write_text("This dataset ...")
    (root / "Acme" / "Privacy Policy" / "notes.md").write_text("not a date")
    (root / "Acme" / "Privacy Policy" / "2023-07-01.png").write_bytes(b"\x89PNG....")
    out = run(root, run_commits)
    assert "3 created, 0 skipped (already there), 3 refused" in out, out
    assert "unsupported terms type 'Imprint'" in out and "is not a date" in out
    acme = Company.objects.get(name="Acme")
    versions = PolicyVersion.objects.filter(policy__company=acme, policy__kind="privacy")
    assert sorted(v.effective_date for v in versions) == [date(2023, 1, 5), date(2023, 6, 1)]
    assert all(v.fetched_at is not None for v in versions)
    assert acme.policies.filter(kind="cookies").exists()
    from tracking.models import ChangeEvent

    event = ChangeEvent.objects.exclude(from_version=None).get()
    assert event.changes[0]["field"] == "retention"
    again = run(root, run_commits)
    assert "0 created, 3 skipped (already there), 3 refused" in again, again
    assert PolicyVersion.objects.count() == 3


def test_a_zip_of_company_folders_and_loose_files(tmp_path, run_commits):
    archive = tmp_path / "policies.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("globex/privacy.html", "<html><body><main><h1>Privacy</h1><p>We retain "
                                           "data for 6 months.</p></main></body></html>")
        zf.writestr("initech.txt", policy(18, "Initech"))
        zf.writestr("broken.pdf", b"%PDF-1.4 not really a pdf")
        zf.writestr("empty.txt", b"")
        zf.writestr("__MACOSX/._initech.txt", b"junk")
        zf.writestr("../evil.txt", policy(1, "Evil"))
    out = run(archive, run_commits)
    assert "2 created" in out and "2 refused" in out, out
    assert set(Company.objects.values_list("name", flat=True)) == {"Globex", "Initech"}
    assert "refused empty.txt: The file is empty." in out


def test_a_csv_creates_sources_once(tmp_path, run_commits, settings):
    settings.POLICY_ALLOW_PRIVATE_URLS = True
    csv = tmp_path / "sources.csv"
    csv.write_text("company,url,kind\nAcme,http://127.0.0.1:9/privacy,privacy\n"
                   "Acme,http://127.0.0.1:9/cookies,cookies\nGlobex,not-a-url,\n,,\n"
                   "Initech,http://127.0.0.1:9/p,diary\n")
    out = run(csv, run_commits)
    assert "2 created, 0 skipped (already there), 2 refused" in out, out
    assert Source.objects.filter(company__name="Acme").count() == 2
    assert "2 skipped" in run(csv, run_commits)
    assert Source.objects.count() == 2


def test_a_missing_path_is_an_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_policies", str(tmp_path / "nope"))
