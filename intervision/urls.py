from django.urls import path  # noqa: F401 - routes arrive below

app_name = "intervision"

urlpatterns = [
    # groups and sessions (iv-groups)
    # cases, notes, reflections (iv-cases)
]
