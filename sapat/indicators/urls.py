"""The registry of a unit: the indicators in force there, and defining the unit's own."""

from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("<str:code>/", views.index, name="index"),
    path("<str:code>/new/", views.define, name="define"),
]
