from rest_framework.routers import SimpleRouter

from core_school.assessment.api import views

router = SimpleRouter()
router.register("mark-sheets", views.MarkSheetViewSet, basename="mark-sheet")
router.register("corrections", views.CorrectionRequestViewSet, basename="correction-request")
router.register("subject-results", views.SubjectResultViewSet, basename="subject-result")
router.register("learning-results", views.LearningResultViewSet, basename="learning-result")
router.register("conduct-grades", views.ConductGradeViewSet, basename="conduct-grade")
router.register("year-outcomes", views.YearOutcomeViewSet, basename="year-outcome")

urlpatterns = router.urls
