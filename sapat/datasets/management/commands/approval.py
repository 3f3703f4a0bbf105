from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sapat.access.models import User
from sapat.datasets.commandline import named
from sapat.datasets.services import StepRefused, submission_step


class Command(BaseCommand):
    help = "Submit, approve, return or reopen a unit's data of a data set for a period, as a user; see docs/cli.md."

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--action", required=True, choices=("submit", "approve", "return", "reopen"))
        parser.add_argument("--user", required=True)
        parser.add_argument("--reason", default="")
        parser.add_argument("--responsible", default="", help="Who answers for the data (submit; default: the user).")

    def handle(self, *args, dataset, unit, year, period, action, user, reason, responsible, **options):
        found, place, when = named(dataset, unit, year, period)
        person = User.objects.filter(username=user, is_active=True).first()
        if person is None:
            raise CommandError(_("No active user %(name)s.") % {"name": user})
        try:
            submission = submission_step(
                dataset=found,
                period=when,
                unit=place,
                action=action,
                user=person,
                reason=reason,
                responsible=responsible,
            )
        except StepRefused as refused:
            raise CommandError(" ".join(refused.messages)) from None
        self.stdout.write(
            _("%(unit)s, %(dataset)s, %(period)s: %(state)s.")
            % {"unit": place.code, "dataset": found.code, "period": when, "state": submission.get_state_display()}
        )
