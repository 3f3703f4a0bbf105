"""The report kinds, one module each; REPORTS maps a kind's code to it (see base.ReportKind)."""

from . import comparative, control_note, public, report_card, school_results, teacher

KINDS = (control_note.KIND, school_results.KIND, comparative.KIND, teacher.KIND, report_card.KIND, public.KIND)
REPORTS = {kind.code: kind for kind in KINDS}
