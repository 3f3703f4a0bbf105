from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_list, name="transfer-list"),
    path("new/", views.import_new, name="transfer-new"),
    path("<int:pk>/", views.import_detail, name="transfer-detail"),
    path("<int:pk>/apply/", views.import_apply_view, name="transfer-apply"),
    path("templates/<str:kind>/", views.template_download, name="transfer-template"),
]
