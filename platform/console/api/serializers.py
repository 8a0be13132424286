"""What the operator API reads and returns: schools, their checklist and history, batches."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tenants.models import Authority, Cohort, School, SchoolEvent
from tenants.services import school_host


class ErrorOutputSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="What went wrong, for a person to read.")
    extra = serializers.DictField(
        help_text="Details: the fields (`fields`) or file rows (`problems`) that are wrong."
    )


class SchoolOutputSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="The ministry's school code (4 to 16 digits or capitals)."
    )
    name = serializers.CharField(help_text="The school's name.")
    slug = serializers.CharField(help_text="The host name: the school answers on <slug>.<domain>.")
    host = serializers.SerializerMethodField(help_text="The school's address (host).")
    authority_code = serializers.CharField(
        source="authority.code", default=None, help_text="The code of the school's authority node."
    )
    authority_name = serializers.CharField(
        source="authority.name", default=None, help_text="The name of the school's authority node."
    )
    status = serializers.ChoiceField(
        choices=School.Status.choices, help_text="Where the school is in its life."
    )
    status_reason = serializers.CharField(
        help_text="Why it is suspended, archived or failed (empty otherwise)."
    )
    is_pilot = serializers.BooleanField(help_text="Whether the school is in the university pilot.")
    cohort = serializers.ChoiceField(
        choices=Cohort.choices,
        help_text="Its place in the pilot evaluation: pilot, comparison or empty (neither).",
    )
    deletion_due_at = serializers.DateTimeField(
        allow_null=True, help_text="When the school is deleted for good, if deletion was asked."
    )
    created_at = serializers.DateTimeField(help_text="When the school was registered.")

    def get_host(self, school: School) -> str:
        return school_host(school.slug)


class ProvisioningOutputSerializer(serializers.Serializer):
    admin_name = serializers.CharField(help_text="The first administrator's full name.")
    admin_email = serializers.EmailField(help_text="The first administrator's e-mail.")
    attempts = serializers.IntegerField(help_text="How many times provisioning was tried.")
    error = serializers.CharField(help_text="Why the last attempt failed (empty if it did not).")
    requested_at = serializers.DateTimeField(help_text="When the school was requested.")
    started_at = serializers.DateTimeField(
        allow_null=True, help_text="When the last attempt started."
    )
    finished_at = serializers.DateTimeField(
        allow_null=True, help_text="When the school was ready (null until then)."
    )


class SchoolDetailOutputSerializer(SchoolOutputSerializer):
    provisioning = serializers.SerializerMethodField(
        help_text="How provisioning went (null for a school created another way)."
    )

    @extend_schema_field(ProvisioningOutputSerializer(allow_null=True))
    def get_provisioning(self, school: School) -> dict[str, object] | None:
        provisioning = self.context.get("provisioning")
        return ProvisioningOutputSerializer(provisioning).data if provisioning else None


class SchoolCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="The school's name.")
    code = serializers.CharField(
        max_length=16, help_text="The ministry's school code (4 to 16 digits or capitals)."
    )
    slug = serializers.CharField(
        max_length=40, help_text="The host name: 3 to 40 lowercase letters, digits or hyphens."
    )
    authority = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Authority.objects.none(),  # set per request: the caller's nodes and below
        help_text="The code of the authority node the school is under (one of yours).",
    )
    is_pilot = serializers.BooleanField(
        default=False, help_text="Whether the school is in the university pilot."
    )
    admin_name = serializers.CharField(
        max_length=150, help_text="The first administrator's full name."
    )
    admin_email = serializers.EmailField(help_text="The first administrator's e-mail.")
    admin_phone = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="The first administrator's mobile number (optional).",
    )


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500, help_text="Why: shown on the school's address while it is closed."
    )


class CohortInputSerializer(serializers.Serializer):
    cohort = serializers.ChoiceField(
        choices=Cohort.choices,
        allow_blank=True,
        help_text="pilot, comparison, or empty to take the school out of the evaluation.",
    )


class DeleteInputSerializer(serializers.Serializer):
    confirm_code = serializers.CharField(
        max_length=16, help_text="The school's code, typed again to confirm the deletion."
    )


class ChecklistStepOutputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The step's code.")
    label = serializers.CharField(help_text="The step, for a person to read.")
    reached_at = serializers.DateTimeField(
        allow_null=True, help_text="When the school reached the step (null: not yet)."
    )


class SchoolEventOutputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=SchoolEvent.Action.choices, help_text="What happened to the school."
    )
    actor = serializers.CharField(
        source="actor.username",
        default=None,
        help_text="The operator who did it (null: the system).",
    )
    reason = serializers.CharField(help_text="Why, as the operator said.")
    created_at = serializers.DateTimeField(help_text="When it happened.")


class AcceptedOutputSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="What happens next.")


class BatchFileInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A CSV (UTF-8) or Excel (.xlsx) file of schools, one a row, with a header row."
    )


class ProblemOutputSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The file's row (the header is row 1).")
    column = serializers.CharField(help_text="The column that is wrong.")
    value = serializers.CharField(help_text="What the file says there.")
    reason = serializers.CharField(help_text="Why it is refused.")


class BatchPreviewOutputSerializer(serializers.Serializer):
    rows = serializers.ListField(
        child=serializers.DictField(), help_text="The schools the file describes, as read."
    )
    problems = ProblemOutputSerializer(many=True, help_text="Every problem, row by row.")


class BatchSchoolOutputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The school's code.")
    name = serializers.CharField(help_text="The school's name.")
    slug = serializers.CharField(help_text="The school's host name.")
    status = serializers.ChoiceField(
        choices=School.Status.choices, help_text="Where the school's provisioning is."
    )
    reason = serializers.CharField(help_text="Why it failed (empty otherwise).")


class BatchProgressOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The batch's id.")
    file_name = serializers.CharField(help_text="The uploaded file's name.")
    total = serializers.IntegerField(help_text="How many schools the batch creates.")
    done = serializers.IntegerField(help_text="How many are ready.")
    failed = serializers.IntegerField(help_text="How many failed.")
    in_progress = serializers.IntegerField(help_text="How many are still being set up.")
    percent = serializers.IntegerField(help_text="Ready or failed, in percent of the total.")
    finished = serializers.BooleanField(help_text="Whether every school is ready or failed.")
    schools = BatchSchoolOutputSerializer(many=True, help_text="Each school of the batch.")
