from django.urls import path

from . import views

urlpatterns = [
    path("history/<str:kind>/<int:pk>/", views.object_history, name="object-history"),
]
