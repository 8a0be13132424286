"""A published version never changes: the database refuses an update or a delete of one."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION standards_version_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'standard version % is published and cannot change', OLD.number
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER standards_version_immutable
    BEFORE UPDATE OR DELETE ON standards_standardversion
    FOR EACH ROW EXECUTE FUNCTION standards_version_immutable();
"""
DROP = """
DROP TRIGGER IF EXISTS standards_version_immutable ON standards_standardversion;
DROP FUNCTION IF EXISTS standards_version_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_national_standard_version_1")]

    operations = [migrations.RunSQL(CREATE, DROP)]
