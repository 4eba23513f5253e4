import django.db.models.deletion
from django.db import migrations, models

# Every unit that may see each existing dossier, by the rule of dossiers/access.py (receiving
# unit, current unit, any unit a history event came from or went to), active unless the dossier
# is returned, refused or stopped. Plain SQL that both SQLite and PostgreSQL run: a province's
# history is millions of rows.
FILL = """
INSERT INTO dossiers_dossieraccess (dossier_id, unit_id, active)
SELECT s.dossier_id, s.unit_id, d.stage NOT IN ('returned', 'refused', 'stopped')
FROM (
    SELECT id AS dossier_id, receiving_unit_id AS unit_id FROM dossiers_dossier
    UNION SELECT id, current_unit_id FROM dossiers_dossier WHERE current_unit_id IS NOT NULL
    UNION SELECT dossier_id, from_unit_id FROM dossiers_dossierevent
        WHERE from_unit_id IS NOT NULL
    UNION SELECT dossier_id, to_unit_id FROM dossiers_dossierevent WHERE to_unit_id IS NOT NULL
) s
JOIN dossiers_dossier d ON d.id = s.dossier_id
"""


def fill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FILL)
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ANALYZE dossiers_dossieraccess")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_citizen_accounts'),
        ('dossiers', '0003_dossier_register_entry'),
    ]

    operations = [
        migrations.CreateModel(
            name='DossierAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('active', models.BooleanField(default=True, verbose_name='đang giải quyết')),
                ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='access', to='dossiers.dossier')),
                ('unit', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.unit')),
            ],
            options={
                'verbose_name': 'đơn vị được xem hồ sơ',
                'verbose_name_plural': 'đơn vị được xem hồ sơ',
                'indexes': [models.Index(condition=models.Q(('active', True)), fields=['unit', 'dossier'], name='dossier_access_active')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'dossier'), name='dossier_access_unique')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
