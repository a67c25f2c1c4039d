"""ClauseValue gets a copy of its clause's list position (version id, order), and the covering
index (field, value, clause) becomes (field, value, sort_version, sort_order, clause): a page
of one filter value is then read in list order from the index, at any depth."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_sort_keys(apps, schema_editor):
    Clause = apps.get_model("policies", "Clause")
    ClauseValue = apps.get_model("policies", "ClauseValue")
    clause = Clause.objects.filter(pk=OuterRef("clause_id"))
    ClauseValue.objects.update(
        sort_version=Subquery(clause.values("version_id")[:1]),
        sort_order=Subquery(clause.values("order")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("policies", "0002_clausevalue_covering_index_clause_fts"),
    ]

    operations = [
        migrations.AddField(
            model_name="clausevalue",
            name="sort_version",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="clausevalue",
            name="sort_order",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(copy_sort_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="clausevalue",
            name="sort_version",
            field=models.BigIntegerField(editable=False),
        ),
        migrations.AlterField(
            model_name="clausevalue",
            name="sort_order",
            field=models.PositiveIntegerField(editable=False),
        ),
        migrations.RemoveIndex(
            model_name="clausevalue",
            name="clausevalue_field_value_cl",
        ),
        migrations.AddIndex(
            model_name="clausevalue",
            index=models.Index(
                fields=["field", "value", "sort_version", "sort_order", "clause"],
                name="clausevalue_field_value_sort",
            ),
        ),
    ]
