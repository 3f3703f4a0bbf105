from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Sapat administration")
admin.site.site_title = _("Sapat")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("sapat.audit.urls")),
    path("", include("sapat.web.urls")),
]
