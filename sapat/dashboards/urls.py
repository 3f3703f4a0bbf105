"""Dashboards, reached by drill-down; the selection is in plain GET parameters (?year=…&period=…&subject=…)."""

from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("unit/<str:code>/", views.unit, name="unit"),
    path("unit/<str:code>/parallel/<int:grade>/", views.parallel, name="parallel"),
    path("unit/<str:code>/at-risk/", views.at_risk, name="at-risk"),
    path("class/<int:pk>/", views.school_class, name="class"),
    path("teacher/<int:pk>/", views.teacher, name="teacher"),
    path("department/<int:pk>/", views.department, name="department"),
    path("project/<str:code>/", views.project, name="project"),
    path("tutor-group/<str:code>/", views.tutor_group_page, name="tutor-group"),
    path("unit-group/<str:code>/", views.unit_group_page, name="unit-group"),
    path("student/<int:pk>/", views.student, name="student"),
]
