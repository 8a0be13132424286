from django.db import connection
from tenants.models import School
from accounts.models import User
from core_school.people.models import Pupil
from core_school.academics.models import *
from core_school.assessment.models import *
from collections import Counter

def test_explore(school_a):
    s = school_a; connection.set_tenant(s)
    print(s.name)
    for y in SchoolYear.objects.all(): print(y.pk, y.name, y.is_current, [(t.pk, t.number, t.is_closed, t.starts_on, t.ends_on) for t in y.terms.all()])
    for u in ["phuhuynh", "hocsinh", "gvcn", "giaovien", "hieutruong"]:
        user = User.objects.get(username=u)
        print(u, user.pk, user.full_name, list(user.groups.values_list("name", flat=True)), getattr(getattr(user, "staff", None), "pk", None))
    p = Pupil.objects.filter(guardianships__guardian__user__username="phuhuynh")
    for x in p: print(x.pk, x.full_name, x.birth_date, [(e.school_class.name, e.school_class.school_year.name, e.school_class_id, e.ends_on) for e in x.enrolments.all()])
    print("hocsinh pupil", Pupil.objects.get(user__username="hocsinh").pk)
    prev = SchoolYear.objects.get(is_current=False)
    print(SchoolClass.objects.filter(school_year=prev).count(), [ (c.pk, c.name, c.homeroom_teacher.user.username) for c in SchoolClass.objects.filter(school_year=prev)[:3]])
    print(Counter(YearOutcome.objects.filter(school_year=prev).values_list("stage","decision")))
    print(Counter(YearOutcome.objects.filter(school_year=prev).values_list("award", flat=True)))
    print(Counter(Enrolment.objects.values_list("school_class__name", flat=True)).most_common(5))
    print([(c.pk, c.name, c.homeroom_teacher.user.username) for c in SchoolClass.objects.filter(homeroom_teacher__user__username__in=["gvcn","giaovien"])])
    assert 0
