from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("control-note/", views.control_note, name="control-note"),
    path("new/<str:kind>/", views.unit_report, name="new"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/file/", views.run_file, name="run-file"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run-retry"),
    path("cards/<int:student>/", views.report_card, name="card"),
    path("publications/", views.publications, name="publications"),
    path("publications/<int:pk>/delete/", views.publication_delete, name="publication-delete"),
    path("public/", views.public_index, name="public-index"),
    path("public/<str:unit>/<str:year>/<str:period>/", views.public_report, name="public"),
]
