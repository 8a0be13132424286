"""Query filters of the people API."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from core_school.academics.models import Enrolment
from core_school.people.models import Pupil


class PupilFilter(filters.FilterSet):
    school_class = filters.NumberFilter(
        method="filter_school_class", help_text="Only the pupils ever enrolled in this class (id)."
    )
    status = filters.ChoiceFilter(
        choices=Pupil.Status.choices, help_text="Only the pupils with this status."
    )
    name = filters.CharFilter(
        field_name="full_name", lookup_expr="icontains", help_text="Part of the full name."
    )

    class Meta:
        model = Pupil
        fields = ["school_class", "status", "name"]

    def filter_school_class(
        self, queryset: QuerySet[Pupil], name: str, value: int
    ) -> QuerySet[Pupil]:
        return queryset.filter(
            pk__in=Enrolment.objects.filter(school_class_id=value).values("pupil_id")
        )
