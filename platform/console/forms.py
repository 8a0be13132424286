"""Forms of the operators' console. Each says which field is wrong and why."""

import base64
import binascii
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.adapter import VietnamesePhoneField
from console.selectors import CONSOLE_STATUSES, SchoolFilters
from tenants.models import Authority

# A CSV of a province's schools is a few hundred kilobytes at most. The confirmation sends the
# file back in base64 (a third larger), which must stay under DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_BATCH_BYTES = 1024 * 1024
BATCH_EXTENSIONS = (".csv",)
# A school's export archive (its schema's data, without media files).
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024


class AuthorityChoiceField(forms.ModelChoiceField):
    """An authority node, shown indented by its depth in the tree."""

    def label_from_instance(self, obj: Authority) -> str:
        depth = obj.path.count("/") - 1
        return "— " * depth + f"{obj.name} ({obj.code})"


class SchoolFilterForm(forms.Form):
    """The school list's filters (GET)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *((s.value, s.label) for s in CONSOLE_STATUSES)],
    )
    authority = AuthorityChoiceField(
        label=_("Authority"),
        required=False,
        queryset=Authority.objects.none(),
        to_field_name="code",
        empty_label=_("All my nodes"),
    )
    pilot = forms.ChoiceField(
        label=_("Pilot"),
        required=False,
        choices=[("", _("Pilot or not")), ("yes", _("Pilot schools")), ("no", _("Not pilot"))],
    )
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)

    def __init__(self, *args: Any, authorities: QuerySet[Authority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities  # type: ignore[attr-defined]

    def filters(self) -> SchoolFilters:
        """The filters to apply."""
        self.is_valid()  # an invalid field filters nothing; the valid ones still apply
        data = getattr(self, "cleaned_data", {})
        pilot = {"yes": True, "no": False}.get(data.get("pilot", ""))
        return SchoolFilters(
            status=data.get("status", ""),
            authority=data.get("authority"),
            pilot=pilot,
            search=(data.get("q") or "").strip(),
        )


class SchoolRequestForm(forms.Form):
    """A new school and its first administrator."""

    name = forms.CharField(label=_("School name"), max_length=200)
    code = forms.CharField(
        label=_("School code"),
        max_length=16,
        help_text=_("The ministry's code: 4 to 16 digits or capital letters."),
    )
    slug = forms.CharField(
        label=_("Host name"),
        max_length=40,
        help_text=_("The school's address will be <host name>.<this site>, e.g. thcs-caugiay."),
    )
    authority = AuthorityChoiceField(label=_("Authority"), queryset=Authority.objects.none())
    is_pilot = forms.BooleanField(label=_("Pilot school"), required=False)
    admin_name = forms.CharField(label=_("First administrator's full name"), max_length=150)
    admin_email = forms.EmailField(label=_("First administrator's e-mail"))
    admin_phone = VietnamesePhoneField(label=_("First administrator's phone"), required=False)

    def __init__(self, *args: Any, authorities: QuerySet[Authority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def clean_slug(self) -> str:
        return str(self.cleaned_data["slug"]).strip().lower()


class BatchUploadForm(forms.Form):
    """A CSV file of schools, one a row."""

    file = forms.FileField(
        label=_("File of schools"),
        help_text=_("A CSV file (UTF-8), with a header row; at most 1 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(BATCH_EXTENSIONS):
            raise forms.ValidationError(_("Upload a .csv file (from Excel: Save as CSV UTF-8)."))
        if upload.size > MAX_BATCH_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class BatchConfirmForm(forms.Form):
    """The previewed file, sent back as it was read, to create the schools."""

    content = forms.CharField(widget=forms.HiddenInput)
    file_name = forms.CharField(widget=forms.HiddenInput, max_length=255)

    def clean_content(self) -> bytes:
        try:
            content = base64.b64decode(self.cleaned_data["content"], validate=True)
        except (binascii.Error, ValueError) as error:
            raise forms.ValidationError(_("The file could not be read again.")) from error
        if len(content) > MAX_BATCH_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return content


class ReasonForm(forms.Form):
    """Why a school is suspended or archived: shown to the school's users."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.TextInput,
        help_text=_("Shown on the school's address while it is closed."),
    )


class DeleteForm(forms.Form):
    """The school's code, typed again, to confirm a deletion."""

    confirm_code = forms.CharField(label=_("Type the school's code to confirm"), max_length=16)


class RestoreForm(forms.Form):
    """An export archive and the new school it becomes."""

    archive = forms.FileField(label=_("Export archive"))
    name = forms.CharField(label=_("School name"), max_length=200)
    code = forms.CharField(label=_("School code"), max_length=16)
    slug = forms.CharField(label=_("Host name"), max_length=40)
    authority = AuthorityChoiceField(label=_("Authority"), queryset=Authority.objects.none())

    def __init__(self, *args: Any, authorities: QuerySet[Authority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities  # type: ignore[attr-defined]

    def clean_archive(self) -> Any:
        upload = self.cleaned_data["archive"]
        if upload.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(_("The archive is larger than 512 MB."))
        return upload

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()

    def clean_slug(self) -> str:
        return str(self.cleaned_data["slug"]).strip().lower()


def encode_upload(content: bytes) -> str:
    """The file's bytes for BatchConfirmForm's hidden field."""
    return base64.b64encode(content).decode("ascii")
