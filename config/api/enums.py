"""Choice sets named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] (one schema enum each)."""

from config.api.checklist import REQUIREMENT_CHOICES
from extraction.models import ExtractionRun
from policies.models import Clause, Finding, Policy, PolicyVersion, SectionKey

SECTION_KEY = SectionKey.choices
POLICY_KIND = Policy.Kind.choices
SOURCE_KIND = PolicyVersion.SourceKind.choices
PRACTICE = Clause.Practice.choices
MODALITY = Clause.Modality.choices
RETENTION_QUALIFIER = Clause.RetentionQualifier.choices
FINDING_KIND = Finding.Kind.choices
RUN_STATUS = ExtractionRun.Status.choices
RUN_STAGE = ExtractionRun.Stage.choices
REQUIREMENT_KEY = REQUIREMENT_CHOICES
