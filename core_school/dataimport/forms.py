"""The upload form of the import page: which list, which layout, which file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core_school.dataimport import layouts


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("List"), choices=[(k.value, label) for k, label in layouts.KIND_LABELS.items()]
    )
    layout = forms.ChoiceField(
        label=_("Layout"),
        choices=[
            (layouts.AUTO, _("Detect from the headers")),
            *((v.value, label) for v, label in layouts.LAYOUT_LABELS.items()),
        ],
        initial=layouts.AUTO,
    )
    file = forms.FileField(
        allow_empty_file=True,  # the import says which file is empty
        label=_("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
