"""`sapat demo-logins`: one demo login per role, with its unit and the shared demo password."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sapat.access.models import Membership, User
from sapat.demo import generator
from sapat.demo.college import COLLEGE_LOGINS
from sapat.demo.kzproject import KZ_LOGINS


class Command(BaseCommand):
    @property
    def help(self):
        return _("Print the demo logins: user name, role, unit and password.")

    def handle(self, *args, **options):
        rows = self._rows()
        if not rows:
            self.stdout.write(_("There are no demo logins: run `sapat demo-data` first."))
            return
        header = (_("user name"), _("role"), _("unit"), _("password"))
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
        for row in [header, *rows]:
            self.stdout.write("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))

    def _rows(self) -> list[tuple[str, str, str, str]]:
        password = generator.DEMO_PASSWORD
        rows = []
        if User.objects.filter(username=generator.ADMIN_USERNAME, is_superuser=True).exists():
            rows.append((generator.ADMIN_USERNAME, _("superuser"), _("all units"), password))
        for username, role in [*generator.DEMO_LOGINS, *COLLEGE_LOGINS, *KZ_LOGINS]:
            membership = (
                Membership.objects.filter(user__username=username, role=role).select_related("unit", "user").first()
            )
            if membership:
                rows.append((username, membership.get_role_display(), membership.unit.name, password))
        return rows
