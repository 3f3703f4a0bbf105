"""The report kinds, one module each; REPORTS maps a kind's code to it (see base.ReportKind)."""

from . import comparative, control_note, public, report_card

REPORTS = {kind.code: kind for kind in (control_note.KIND, comparative.KIND, report_card.KIND, public.KIND)}
