"""Install the national subject catalogue (2018 programme, grades 6–9) in every school schema.

It runs in the template schema, so every school cloned from it starts with its subjects.
"""

from django.db import migrations


def install(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    from core_school.academics.catalogue import NATIONAL_SUBJECTS

    Subject = apps.get_model("academics", "Subject")
    SubjectGradePlan = apps.get_model("academics", "SubjectGradePlan")
    for order, item in enumerate(NATIONAL_SUBJECTS, start=1):
        subject, _ = Subject.objects.update_or_create(
            code=item.code,
            defaults={
                "name": item.name,
                "short_name": item.short_name,
                "mode": item.mode,
                "order": order,
            },
        )
        for grade, periods in item.periods.items():
            SubjectGradePlan.objects.update_or_create(
                subject=subject, grade=grade, defaults={"periods_per_year": periods}
            )


class Migration(migrations.Migration):
    dependencies = [("academics", "0003_subject_enrolment_end_reason_teachingassignment_and_more")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
