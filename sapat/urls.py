from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Sapat administration")
admin.site.site_title = _("Sapat")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("sapat.audit.urls")),
    path("dashboards/", include("sapat.dashboards.urls")),
    path("journal/", include("sapat.journal.urls")),
    path("transfer/", include("sapat.transfer.urls")),
    path("reports/", include("sapat.reports.urls")),
    path("", include("sapat.web.urls")),
]
