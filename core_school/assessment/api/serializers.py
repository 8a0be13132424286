"""What the assessment API takes and returns: mark sheets, marks, corrections and results."""

from rest_framework import serializers

from core_school.academics.api.serializers import (
    SchoolClassRefOutputSerializer,
    SchoolYearRefOutputSerializer,
    SubjectRefOutputSerializer,
    TermRefOutputSerializer,
)
from core_school.academics.models import SchoolClass, Term
from core_school.assessment.models import CorrectionRequest, Level, Mark, YearOutcome
from core_school.people.api.serializers import (
    PupilRefOutputSerializer,
    StaffMemberRefOutputSerializer,
)


class ErrorOutputSerializer(serializers.Serializer):
    """The shape of every error answer (config.api.exception_handler)."""

    message = serializers.CharField(help_text="What went wrong, in the caller's language.")
    extra = serializers.DictField(
        help_text=(
            'Details: "errors" (one per bad mark: pupil_id, pupil, column, value, message), '
            '"missing" (marks missing to close a term), "field", or "fields" (bad input).'
        )
    )


class MarkSheetListQueryInputSerializer(serializers.Serializer):
    term = serializers.PrimaryKeyRelatedField(
        queryset=Term.objects.all(),
        required=False,
        help_text="The term whose sheets to list (id); the current term when left out.",
    )


class MarkSheetOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The mark sheet's id.")
    school_class = SchoolClassRefOutputSerializer(help_text="The class.")
    subject = SubjectRefOutputSerializer(help_text="The subject.")
    term = TermRefOutputSerializer(help_text="The term.")
    published_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the marks were last published to families, or null if never.",
    )
    is_locked = serializers.BooleanField(
        source="term.is_closed",
        help_text="Whether the term is closed: marks change only through corrections.",
    )
    mark_count = serializers.IntegerField(help_text="How many marks the sheet holds.")


class GradebookColumnOutputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The column's code: tx1…tx4, gk or ck.")
    label = serializers.CharField(help_text="The column's label, in the caller's language.")


class GradebookRowOutputSerializer(serializers.Serializer):
    pupil = serializers.IntegerField(source="pupil_id", help_text="The pupil's id.")
    name = serializers.CharField(help_text="The pupil's full name.")
    cells = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text='The marks by column code ("7.5", "Đ", "CĐ"; empty when missing).',
    )
    result = serializers.CharField(
        allow_blank=True,
        help_text="The term result (ĐTBmhk or Đ / CĐ), empty while marks are missing.",
    )


class GradebookOutputSerializer(serializers.Serializer):
    sheet = serializers.IntegerField(source="sheet.pk", help_text="The mark sheet's id.")
    locked = serializers.BooleanField(help_text="Whether the term is closed.")
    columns = GradebookColumnOutputSerializer(many=True, help_text="The sheet's columns.")
    rows = GradebookRowOutputSerializer(
        many=True,
        help_text="One row per pupil the caller may see, in class-list order.",
    )


class MarkEntryInputSerializer(serializers.Serializer):
    pupil = serializers.IntegerField(help_text="The pupil's id.")
    column = serializers.CharField(help_text="The column's code: tx1…tx4, gk or ck.")
    value = serializers.CharField(
        allow_blank=True,
        max_length=16,
        help_text='The mark as typed: "7,5" or "7.5" (0 to 10), Đ / CĐ; empty to clear it.',
    )


class MarksSaveInputSerializer(serializers.Serializer):
    entries = MarkEntryInputSerializer(many=True, help_text="The cells to save, all or none.")


class MarkRowOutputSerializer(serializers.Serializer):
    pupil = serializers.IntegerField(source="pupil_id", help_text="The pupil's id.")
    cells = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="The row's stored marks by column code after the save.",
    )
    result = serializers.CharField(
        allow_blank=True, help_text="The term result so far, empty while marks are missing."
    )


class MarksSaveOutputSerializer(serializers.Serializer):
    rows = MarkRowOutputSerializer(many=True, help_text="The rows the save touched.")


class CorrectionRequestCreateInputSerializer(serializers.Serializer):
    pupil = serializers.IntegerField(help_text="The pupil whose mark is to change (id).")
    column = serializers.CharField(help_text="The column's code: tx1…tx4, gk or ck.")
    new_value = serializers.CharField(
        allow_blank=True, max_length=8, help_text="The corrected mark; empty to remove it."
    )
    reason = serializers.CharField(
        allow_blank=True, help_text="Why the mark must change (required by the school)."
    )


class CorrectionRequestDecideInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("approve", "approve"), ("reject", "reject")],
        help_text="approve: the mark changes and results are recomputed; reject: nothing.",
    )
    note = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="The principal's note."
    )


class CorrectionRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The request's id.")
    sheet = serializers.IntegerField(source="sheet_id", help_text="The mark sheet (id).")
    school_class = SchoolClassRefOutputSerializer(
        source="sheet.school_class", help_text="The sheet's class."
    )
    subject = SubjectRefOutputSerializer(source="sheet.subject", help_text="The sheet's subject.")
    pupil = PupilRefOutputSerializer(help_text="The pupil whose mark is to change.")
    column = serializers.SerializerMethodField(help_text="The column's code: tx1…tx4, gk or ck.")
    old_value = serializers.CharField(
        allow_blank=True, help_text="The mark when the request was made."
    )
    new_value = serializers.CharField(allow_blank=True, help_text="The corrected mark asked for.")
    reason = serializers.CharField(help_text="Why the mark must change.")
    status = serializers.ChoiceField(
        choices=CorrectionRequest.Status.choices, help_text="Pending, approved or rejected."
    )
    requested_by = StaffMemberRefOutputSerializer(help_text="The teacher who asked.")
    requested_at = serializers.DateTimeField(help_text="When the request was made.")
    decided_by = StaffMemberRefOutputSerializer(
        allow_null=True, help_text="The principal who decided, or null."
    )
    decided_at = serializers.DateTimeField(
        allow_null=True, help_text="When it was decided, or null."
    )
    decision_note = serializers.CharField(
        allow_blank=True, help_text="The principal's note on the decision."
    )

    def get_column(self, correction: CorrectionRequest) -> str:
        return f"tx{correction.index}" if correction.kind == Mark.Kind.REGULAR else correction.kind


class SubjectResultOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The result's id.")
    pupil = PupilRefOutputSerializer(help_text="The pupil.")
    subject = SubjectRefOutputSerializer(help_text="The subject.")
    school_year = SchoolYearRefOutputSerializer(help_text="The school year.")
    term = TermRefOutputSerializer(
        allow_null=True, help_text="The term (ĐTBmhk), or null for the year (ĐTBmcn)."
    )
    average = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        allow_null=True,
        help_text="The average of a scored subject, or null for a comment-only one.",
    )
    passed = serializers.BooleanField(
        allow_null=True, help_text="Đạt (true) / Chưa đạt (false) of a comment-only subject."
    )
    computed_at = serializers.DateTimeField(help_text="When the result was computed.")


class LearningResultOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The result's id.")
    pupil = PupilRefOutputSerializer(help_text="The pupil.")
    school_year = SchoolYearRefOutputSerializer(help_text="The school year.")
    term = TermRefOutputSerializer(allow_null=True, help_text="The term, or null for the year.")
    computed_level = serializers.ChoiceField(
        choices=Level.choices, help_text="The level the rules give before any adjustment."
    )
    level = serializers.ChoiceField(
        choices=Level.choices, help_text="The learning level (kết quả học tập)."
    )
    adjusted_for = serializers.CharField(
        allow_blank=True,
        help_text="The subject code that triggered the adjustment rule (TT22 Art. 9), if any.",
    )
    computed_at = serializers.DateTimeField(help_text="When the level was computed.")


class ConductGradeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The grade's id.")
    pupil = PupilRefOutputSerializer(help_text="The pupil.")
    school_year = SchoolYearRefOutputSerializer(help_text="The school year.")
    term = TermRefOutputSerializer(allow_null=True, help_text="The term, or null for the year.")
    level = serializers.ChoiceField(
        choices=Level.choices, help_text="The conduct level (kết quả rèn luyện)."
    )
    comment = serializers.CharField(allow_blank=True, help_text="The homeroom teacher's comment.")
    entered_by = StaffMemberRefOutputSerializer(
        allow_null=True, help_text="Who entered it, or null when computed."
    )
    updated_at = serializers.DateTimeField(help_text="When it last changed.")


class ConductGradeEntryInputSerializer(serializers.Serializer):
    pupil = serializers.IntegerField(help_text="The pupil (id), of the class.")
    # Checked by the service, which names the pupil (as the marks' column is).
    level = serializers.CharField(
        allow_blank=True,
        max_length=16,
        help_text="tot, kha, dat or chua_dat; empty to clear the pupil's grade.",
    )
    comment = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=255,
        help_text="The homeroom teacher's comment.",
    )


class ConductGradeSetInputSerializer(serializers.Serializer):
    school_class = serializers.PrimaryKeyRelatedField(
        queryset=SchoolClass.objects.all(), help_text="The class (id)."
    )
    term = serializers.PrimaryKeyRelatedField(
        queryset=Term.objects.select_related("school_year"),
        help_text="The term (id): open, and of the class's school year.",
    )
    grades = ConductGradeEntryInputSerializer(
        many=True, help_text="The pupils to grade, all or none; pupils left out keep theirs."
    )


class ConductGradeSetOutputSerializer(serializers.Serializer):
    changed = serializers.IntegerField(help_text="How many grades were created or changed.")


class YearOutcomeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The outcome's id.")
    pupil = PupilRefOutputSerializer(help_text="The pupil.")
    school_year = SchoolYearRefOutputSerializer(help_text="The school year.")
    stage = serializers.ChoiceField(
        choices=YearOutcome.Stage.choices, help_text="End of year, or after the summer."
    )
    decision = serializers.ChoiceField(
        choices=YearOutcome.Decision.choices, help_text="The year-end decision."
    )
    reassess_subjects = serializers.ListField(
        child=serializers.CharField(), help_text="The subject codes to re-assess in summer."
    )
    award = serializers.ChoiceField(
        choices=YearOutcome.Award.choices,
        allow_blank=True,
        help_text="The award (Xuất sắc / Giỏi), or an empty string.",
    )
    absences = serializers.IntegerField(help_text="Sessions missed in the year.")
    decided_at = serializers.DateTimeField(help_text="When the decision was made.")
