from rest_framework.routers import SimpleRouter

from core_school.dataimport.api import views

router = SimpleRouter()
router.register("imports", views.ImportRunViewSet, basename="import-run")

urlpatterns = router.urls
