"""Data sets of a unit: the list, the form of a period, its approval steps and, above schools, the board."""

from django.urls import path

from . import views

app_name = "datasets"

urlpatterns = [
    path("<str:code>/", views.index, name="index"),
    path("<str:code>/<slug:dataset_code>/<int:period_pk>/", views.form, name="form"),
    path("<str:code>/<slug:dataset_code>/<int:period_pk>/step/", views.step, name="step"),
    path("<str:code>/<slug:dataset_code>/<int:period_pk>/board/", views.board_view, name="board"),
]
