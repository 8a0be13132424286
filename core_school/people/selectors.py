"""Reads on the school's people. Runs inside the current school's schema."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from core_school.academics.models import Enrolment
from core_school.people.access import Actor
from core_school.people.models import Guardian, Guardianship, Pupil, StaffMember


def pupil_list_for_guardian(*, user: User) -> QuerySet[Pupil]:
    """The children of the guardian signed in as `user`, with their current class."""
    return (
        Pupil.objects.filter(guardianships__guardian__user=user)
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=Enrolment.objects.filter(ends_on__isnull=True).select_related(
                    "school_class"
                ),
                to_attr="open_enrolments",
            )
        )
        .order_by("birth_date", "pk")
    )


def staff_get_for_user(*, user: User) -> StaffMember | None:
    return StaffMember.objects.filter(user=user).first()


def family_pupil_ids(*, actor: Actor) -> QuerySet[Pupil, dict[str, int]]:
    """The ids of the pupils the actor is family of: a guardian's children, a pupil themself.

    A subquery for `pk__in=`: it runs inside the query that uses it, never on its own.
    """
    if not actor.user.is_authenticated:
        return Pupil.objects.none().values("pk")
    return Pupil.objects.filter(
        Q(guardianships__guardian__user=actor.user) | Q(user=actor.user)
    ).values("pk")


def staff_class_ids(*, actor: Actor) -> frozenset[int]:
    """The classes a staff member who does not see the whole school may open: the ones
    `actor.can_view_class` accepts (homeroom classes and classes taught), for filters."""
    return actor.homeroom_class_ids | {class_id for class_id, _subject_id in actor.teaches}


def pupil_list_for_actor(*, actor: Actor) -> QuerySet[Pupil]:
    """The pupils the actor may see, each with their open enrolments (`open_enrolments`).

    The office sees every pupil; a teacher the pupils of the classes she teaches or is the
    homeroom teacher of; a guardian only their children; a pupil only themself.
    """
    pupils = Pupil.objects.all()
    if not actor.sees_whole_school:
        in_classes = Enrolment.objects.filter(
            school_class_id__in=staff_class_ids(actor=actor)
        ).values("pupil_id")
        pupils = pupils.filter(Q(pk__in=in_classes) | Q(pk__in=family_pupil_ids(actor=actor)))
    return pupils.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.filter(ends_on__isnull=True)
            .select_related("school_class")
            .order_by("starts_on", "pk"),
            to_attr="open_enrolments",
        )
    ).order_by("full_name", "pk")


def guardian_list_for_actor(*, actor: Actor) -> QuerySet[Guardian]:
    """The guardians the actor may see, each with the links to the pupils the actor may see
    (`visible_guardianships`).

    The office sees every guardian; a homeroom teacher the guardians of her classes' pupils
    (the register and conduct are hers, so are the families); anyone else no one.
    """
    guardians = Guardian.objects.all()
    links = Guardianship.objects.all()
    if not actor.sees_whole_school:
        pupils = Enrolment.objects.filter(school_class_id__in=actor.homeroom_class_ids).values(
            "pupil_id"
        )
        links = links.filter(pupil_id__in=pupils)
        guardians = guardians.filter(pk__in=links.values("guardian_id"))
    return guardians.prefetch_related(
        Prefetch(
            "guardianships",
            queryset=links.select_related("pupil").order_by("pupil__full_name", "pk"),
            to_attr="visible_guardianships",
        )
    ).order_by("full_name", "pk")


def staff_member_list_for_actor(*, actor: Actor) -> QuerySet[StaffMember]:
    """The staff the actor may see: all of them for the office, themself for other staff."""
    staff = StaffMember.objects.all()
    if not actor.sees_whole_school:
        staff = staff.filter(pk=actor.staff.pk) if actor.staff else staff.none()
    return staff.order_by("full_name", "pk")


def pupil_record_get(*, actor: Actor, pupil_id: int) -> dict[str, object] | None:
    """Everything staff see on a pupil's record, or None when the actor may not see the pupil:
    identity, guardians, classes, this year's results and conduct, absences and notes."""
    from core_school.assessment.models import ConductGrade, LearningResult, SubjectResult
    from core_school.attendance.models import Absence, BehaviourNote

    pupil = (
        pupil_list_for_actor(actor=actor)
        .filter(pk=pupil_id)
        .prefetch_related("guardianships__guardian")
        .first()
    )
    if pupil is None:
        return None
    enrolments = list(
        pupil.enrolments.select_related("school_class__school_year").order_by("-starts_on")
    )
    return {
        "pupil": pupil,
        "enrolments": enrolments,
        "guardianships": list(pupil.guardianships.all()),
        "subject_results": list(
            SubjectResult.objects.filter(pupil=pupil)
            .select_related("subject", "school_year", "term")
            .order_by("-school_year__starts_on", "term__number", "subject__order")
        ),
        "learning": list(
            LearningResult.objects.filter(pupil=pupil).select_related("school_year", "term")
        ),
        "conduct": list(
            ConductGrade.objects.filter(pupil=pupil).select_related("school_year", "term")
        ),
        "absences": list(
            Absence.objects.filter(pupil=pupil)
            .select_related("register__school_class")
            .order_by("-register__date")[:50]
        ),
        "notes": list(
            BehaviourNote.objects.filter(pupil=pupil)
            .select_related("author")
            .order_by("-created_at")[:50]
        ),
    }
