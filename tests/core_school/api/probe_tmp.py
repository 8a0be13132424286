from django_tenants.utils import tenant_context


def test_probe(school_a):
    with tenant_context(school_a):
        from core_school.people.models import Pupil, Guardian, StaffMember
        from core_school.academics.models import (
            SchoolYear,
            Term,
            SchoolClass,
            Enrolment,
            Subject,
            TeachingAssignment,
            TimetableSlot,
            SubjectGradePlan,
        )
        from core_school.assessment.models import (
            MarkSheet,
            Mark,
            SubjectResult,
            LearningResult,
            ConductGrade,
            YearOutcome,
            CorrectionRequest,
        )
        from core_school.attendance.models import AttendanceRegister, Absence, BehaviourNote
        from core_school.teaching.models import LogbookEntry, StaffTask
        from accounts.models import User

        for m in [
            Pupil,
            Guardian,
            StaffMember,
            SchoolYear,
            Term,
            SchoolClass,
            Enrolment,
            Subject,
            SubjectGradePlan,
            TeachingAssignment,
            TimetableSlot,
            MarkSheet,
            Mark,
            SubjectResult,
            LearningResult,
            ConductGrade,
            YearOutcome,
            AttendanceRegister,
            Absence,
            BehaviourNote,
            LogbookEntry,
            StaffTask,
            CorrectionRequest,
        ]:
            print(m.__name__, m.objects.count())
        from core_school.people.access import actor_for_user

        for u in ["hieutruong", "quantri", "gvcn", "giaovien", "phuhuynh", "hocsinh"]:
            a = actor_for_user(User.objects.get(username=u))
            print(u, sorted(a.roles), a.staff and a.staff.pk, len(a.teaches), a.homeroom_class_ids)
        print(
            Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh").values_list(
                "pk", "full_name", "enrolments__school_class__name"
            )
        )
        print(Pupil.objects.filter(user__username="hocsinh").values_list("pk", "full_name"))
        print(list(Term.objects.values_list("pk", "school_year__name", "number", "is_closed")))
        print(list(SchoolClass.objects.values_list("pk", "name", "school_year_id")[:5]))
        print(User.objects.filter(groups__name="vice_principal").values_list("username", flat=True))
        print(MarkSheet.objects.filter(published_at__isnull=True).count())
