from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="journal-home"),
    path("classes/<int:class_pk>/subjects/<int:subject_pk>/", views.grid, name="journal-grid"),
    path("classes/<int:class_pk>/subjects/<int:subject_pk>/cell/", views.cell, name="journal-cell"),
    path(
        "classes/<int:class_pk>/subjects/<int:subject_pk>/scores/<int:period_pk>/",
        views.scores,
        name="journal-scores",
    ),
    path(
        "classes/<int:class_pk>/subjects/<int:subject_pk>/scores/<int:period_pk>/row/",
        views.scores_row,
        name="journal-scores-row",
    ),
    path("control/new/", views.control_new, name="journal-control-new"),
    path("control/<int:pk>/", views.control, name="journal-control"),
    path("control/<int:pk>/row/", views.control_row, name="journal-control-row"),
    path("schools/<str:code>/periods/", views.periods, name="journal-periods"),
    path("schools/<str:code>/periods/<int:period_pk>/close/", views.period_close_view, name="journal-period-close"),
    path("schools/<str:code>/periods/<int:period_pk>/reopen/", views.period_reopen_view, name="journal-period-reopen"),
]
