"""The operators' form for a draft standard: its content as JSON, and notes."""

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DraftForm(forms.Form):
    content = forms.CharField(
        label=_("Content (JSON)"),
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "false"}),
        help_text=_(
            "subjects, grading, attendance_codes, conduct_codes, data_dictionary and "
            "early_warning_rules. Every problem is named with where it is and why."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_content(self) -> Any:
        text = self.cleaned_data["content"]
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("This is not valid JSON: line %(line)s, column %(column)s: %(why)s.")
                % {"line": error.lineno, "column": error.colno, "why": error.msg}
            ) from None
