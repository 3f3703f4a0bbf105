from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_switch, name="language-switch"),
    path("units/<str:code>/", views.unit_detail, name="unit-detail"),
    path("classes/<int:pk>/", views.class_detail, name="class-detail"),
    path("students/<int:pk>/", views.student_detail, name="student-detail"),
]
