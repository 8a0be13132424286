
app_name = "teaching"
urlpatterns: list[object] = []
