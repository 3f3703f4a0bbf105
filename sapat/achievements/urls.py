from django.urls import path

from . import views

app_name = "achievements"

urlpatterns = [
    path("<str:code>/", views.index, name="index"),
    path("participations/<int:pk>/evidence/", views.evidence, name="evidence"),
]
