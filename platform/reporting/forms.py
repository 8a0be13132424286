"""The reports' filters (GET): the page, its exports and the API read the same ones."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reporting.pilot_board import MAX_PERIOD_DAYS, Period, period_default
from reporting.selectors import GRADES, ReportFilters
from tenants.models import Authority, School


class ReportFilterForm(forms.Form):
    school_year = forms.ChoiceField(label=_("School year"), required=False)
    term = forms.TypedChoiceField(
        label=_("Period"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year")), ("1", _("Term 1")), ("2", _("Term 2"))],
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All grades")), *((str(g), str(g)) for g in GRADES)],
    )
    authority = forms.ChoiceField(label=_("Authority"), required=False)
    school = forms.ChoiceField(label=_("School"), required=False)

    def __init__(
        self,
        *args: Any,
        years: list[str],
        authorities: QuerySet[Authority],
        schools: QuerySet[School],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["school_year"].choices = [(y, y) for y in years]  # type: ignore[attr-defined]
        self.fields["authority"].choices = [  # type: ignore[attr-defined]
            ("", _("All my nodes")),
            *authorities.values_list("code", "name"),
        ]
        self.fields["school"].choices = [  # type: ignore[attr-defined]
            ("", _("All schools")),
            *schools.order_by("name").values_list("code", "name"),
        ]

    def filters(self) -> ReportFilters:
        """The filters to apply: an invalid field filters nothing; the year defaults to the
        newest with figures."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ReportFilters(
            school_year=data.get("school_year") or (self.years[0] if self.years else None),
            term=data.get("term"),
            grade=data.get("grade"),
            school=data.get("school") or None,
            authority=data.get("authority") or None,
        )


class PilotPeriodForm(forms.Form):
    """The period of the pilot pages, their exports and the evaluation report (GET)."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most two years."))
        return data

    def period(self) -> Period:
        """The chosen period, or the school year so far when none (or a wrong one) is given."""
        if self.is_bound and self.is_valid():
            return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
        return period_default()
