from rest_framework.routers import SimpleRouter

from core_school.academics.api import views

router = SimpleRouter()
router.register("school-years", views.SchoolYearViewSet, basename="school-year")
router.register("terms", views.TermViewSet, basename="term")
router.register("classes", views.SchoolClassViewSet, basename="school-class")
router.register("subjects", views.SubjectViewSet, basename="subject")
router.register("enrolments", views.EnrolmentViewSet, basename="enrolment")
router.register(
    "teaching-assignments", views.TeachingAssignmentViewSet, basename="teaching-assignment"
)
router.register("timetable-slots", views.TimetableSlotViewSet, basename="timetable-slot")

urlpatterns = router.urls
