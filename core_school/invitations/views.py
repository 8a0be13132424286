"""Invitation pages: the staff's lists (who has an account, who to invite, the pupils' printed
codes) and the families' page where a code and a password open an account."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from config.errors import ApplicationError
from core_school.academics.models import SchoolClass
from core_school.invitations import codes, permissions, selectors, services
from core_school.invitations.forms import AcceptForm
from core_school.invitations.types import InvitationCounts
from core_school.people.access import staff_required


def _report(request: HttpRequest, counts: InvitationCounts) -> None:
    messages.success(
        request,
        _(
            "%(invited)s invited; %(pending)s already hold a valid code; %(account)s already "
            "have an account; %(none)s have no phone or e-mail on record."
        )
        % {
            "invited": counts.invited,
            "pending": counts.pending,
            "account": counts.has_account,
            "none": counts.no_contact,
        },
    )


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    """The classes whose families the actor may invite, with how far each has got."""
    actor = request.actor  # type: ignore[attr-defined]
    whole_school = permissions.may_invite(actor=actor, school_class_id=None)
    if request.method == "POST":
        try:
            counts = services.invitations_send(actor, only_new=True)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            _report(request, counts)
        return redirect("invitations:index")
    return render(
        request,
        "invitations/index.html",
        {"summaries": selectors.class_summaries(actor=actor), "whole_school": whole_school},
    )


def _int_or_zero(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _class_or_404(request: HttpRequest, class_id: int) -> SchoolClass:
    actor = request.actor  # type: ignore[attr-defined]
    school_class = get_object_or_404(
        SchoolClass.objects.select_related("school_year", "homeroom_teacher"), pk=class_id
    )
    if not permissions.may_invite(actor=actor, school_class_id=class_id):
        raise Http404
    return school_class


@staff_required
def class_families(request: HttpRequest, class_id: int) -> HttpResponse:
    """A class's guardians and pupils with the state of their accounts; invite, send again,
    print the pupils' codes."""
    school_class = _class_or_404(request, class_id)
    actor = request.actor  # type: ignore[attr-defined]
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "invite":
                _report(
                    request,
                    services.invitations_send(actor, school_class_id=class_id, only_new=True),
                )
            elif action == "resend":
                _report(
                    request,
                    services.invitations_send(
                        actor,
                        school_class_id=class_id,
                        guardian_id=_int_or_zero(request.POST.get("guardian")),
                    ),
                )
            elif action in ("pupil_codes", "pupil_codes_renew"):
                services.pupil_invitations_create(
                    actor, school_class_id=class_id, renew=action == "pupil_codes_renew"
                )
                return redirect("invitations:pupil_codes", class_id=class_id)
            else:
                messages.error(request, _("Unknown action."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("invitations:class_families", class_id=class_id)
    return render(
        request,
        "invitations/class_families.html",
        {
            "school_class": school_class,
            "guardians": selectors.guardian_rows_for_class(school_class_id=class_id),
            "pupils": selectors.pupil_rows_for_class(school_class_id=class_id),
        },
    )


@never_cache
@staff_required
def pupil_codes(request: HttpRequest, class_id: int) -> HttpResponse:
    """The printable list of the class's pupils' codes, one slip each, for the homeroom
    teacher to hand out (the codes are derived again, never stored)."""
    school_class = _class_or_404(request, class_id)
    rows = selectors.printable_pupil_invitations(school_class_id=class_id)
    slips = [
        {
            "pupil": row.pupil,
            "code": codes.code_display(services.invitation_code(row.invitation)),  # type: ignore[arg-type]
            "expires_at": row.invitation.expires_at,  # type: ignore[union-attr]
        }
        for row in rows
    ]
    return render(
        request,
        "invitations/pupil_codes.html",
        {
            "school_class": school_class,
            "slips": slips,
            "accept_url": request.build_absolute_uri(reverse("invitations:accept")),
        },
    )


@never_cache
def accept(request: HttpRequest) -> HttpResponse:
    """Open an account with an invitation code and a password of one's choice (anyone on the
    school's host; the code decides)."""
    if request.user.is_authenticated:
        return redirect("home")
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="accept_invitation"):
            form.add_error(None, _("Too many tries from this network: wait a minute."))
        else:
            try:
                user = services.invitation_accept(
                    identifier=form.cleaned_data["identifier"],
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["password1"],
                )
            except ApplicationError as error:
                field = error.extra.get("field")
                form.add_error(
                    "password1" if field == "password" else ("code" if field else None),
                    error.message,
                )
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Your account is open. Your username is %(username)s.")
                    % {"username": user.username},
                )
                return redirect("portal:landing")
    return render(request, "invitations/accept.html", {"form": form})
