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
    path("datasets/", include("sapat.datasets.urls")),
    path("indicators/", include("sapat.indicators.urls")),
    path("achievements/", include("sapat.achievements.urls")),
    path("projects/", include("sapat.projects.urls")),
    path("", include("sapat.web.urls")),
]

# The error pages of the site (sapat/web/errors.py): in the user's language, inside the layout, a way home.
handler400 = "sapat.web.errors.bad_request"
handler403 = "sapat.web.errors.permission_denied"
handler404 = "sapat.web.errors.page_not_found"
handler500 = "sapat.web.errors.server_error"
