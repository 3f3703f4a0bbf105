"""Imports: preview first, then apply, all or nothing.

The preview reads the whole file and runs the kind's load inside a transaction that is then rolled back, so
it is exactly what applying would do: the same resolution, the same services, the same checks and counts.
Applying re-runs it from the kept file and commits only when nothing at all is wrong; the same file twice
changes nothing the second time (the services compare before they write). Every change is audited by the
services with a note naming the import; the ImportRecord itself is audited too (who, file, checksum,
counts, status).
"""

import contextlib
import hashlib
import logging
from dataclasses import dataclass

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sapat.access.scope import restrict
from sapat.core.querysets import unscoped
from sapat.structure.models import AcademicYear, OrgUnit

from .kinds import KINDS
from .models import ImportRecord
from .outcome import PROBLEMS_KEPT, Outcome, Problem
from .parsers import FileRefused, read_book
from .resolving import Context

logger = logging.getLogger(__name__)


def importable_units(user):
    """The units a user may import into: those they may change (the scoping rule, for_change)."""
    return restrict(OrgUnit.objects.all(), user, for_change=True)


def may_import_into(user, unit: OrgUnit | None) -> bool:
    if user is None:
        return True  # the command line without --user: the server's administrator
    if unit is None:
        return bool(getattr(user, "is_superuser", False))
    return importable_units(user).filter(pk=unit.pk).exists()


def _note(record: ImportRecord) -> str:
    return f"import #{record.pk} {record.file_name} sha256:{record.checksum}"


def _context(record: ImportRecord) -> Context:
    return Context(user=record.user, unit=record.unit, year=record.year, note=_note(record))


@transaction.atomic
@unscoped("an import: the user may import into its unit (may_import), each row resolved within it (resolving)")
def import_preview(
    *, user, unit: OrgUnit | None, kind: str, file_name: str, content: bytes, year: AcademicYear | None = None
) -> ImportRecord:
    """Keep the file in a new ImportRecord and preview it: nothing but the record is saved."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of import “%(kind)s”.") % {"kind": kind})
    if not KINDS[kind].may_import(user, unit):
        raise PermissionDenied
    record = ImportRecord(
        user=user if getattr(user, "pk", None) else None,
        unit=unit,
        year=year,
        kind=kind,
        file_name=file_name[-255:],
        size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
        content=content,
        language=get_language() or "",
    )
    outcome = run_import(kind, content, _context(record), commit=False)  # rolled back: no note needed
    _store(record, outcome, ImportRecord.Status.REFUSED if outcome.refused else ImportRecord.Status.PREVIEWED)
    return record


@transaction.atomic
@unscoped("an import: the user may import into its unit (may_import), each row resolved within it (resolving)")
def import_apply(*, record: ImportRecord, user) -> ImportRecord:
    """Apply a previewed import for real: everything in the file, or (if anything is wrong now) nothing."""
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)  # two clicks apply once
    if record.status != ImportRecord.Status.PREVIEWED:
        raise ValidationError(_("This import was already applied or refused."))
    if user is not None and (record.user_id != user.pk or not KINDS[record.kind].may_import(user, record.unit)):
        raise PermissionDenied
    outcome = run_import(record.kind, bytes(record.content), _context(record), commit=True)
    status = ImportRecord.Status.REFUSED if outcome.refused else ImportRecord.Status.APPLIED
    if not outcome.refused:
        record.applied_at = timezone.now()
    _store(record, outcome, status)
    return record


def _store(record: ImportRecord, outcome: Outcome, status: str) -> None:
    record.status = status
    record.counts = outcome.plain_counts()
    record.problems = [problem.as_dict() for problem in outcome.problems[:PROBLEMS_KEPT]]
    record.problem_count = len(outcome.problems)
    record.warnings = [str(warning) for warning in outcome.warnings]
    if status != ImportRecord.Status.PREVIEWED:
        record.content = b""  # the file is no longer needed: its checksum stays
    with set_actor(record.user) if record.user else contextlib.nullcontext():
        record.save()


def run_import(kind: str, content: bytes, ctx: Context, *, commit: bool) -> Outcome:
    """Read the file and load it with the kind inside a savepoint; roll back unless `commit` and flawless."""
    try:
        book = read_book(content)
    except FileRefused as refused:
        return Outcome(problems=[refused.problem])
    outcome = _guarded(lambda: KINDS[kind].load(book, ctx), commit=commit)
    other = other_kind_of(book, kind) if outcome.refused else None
    if other is not None:
        message = _("This looks like a file of another kind: “%(kind)s”. Choose “%(kind)s” and upload it again.")
        outcome.problems.insert(0, Problem(message % {"kind": KINDS[other].title}))
    return outcome


def other_kind_of(book, chosen: str) -> str | None:
    """The kind a refused file looks like when it is not of the chosen one: the kind whose header the file
    matches best (most of its columns found), or None when no kind matches it better than the chosen one."""
    fits = {code: kind.fits(book) for code, kind in KINDS.items()}
    best = max(fits, key=fits.get)
    return best if best != chosen and fits[best] > fits[chosen] else None


@dataclass
class BundleFile:
    """One file of a whole school's export: which kind, its name, its bytes."""

    kind: str
    name: str
    content: bytes


def run_bundle(files: list[BundleFile], ctx: Context, *, commit: bool) -> Outcome:
    """Several files in one transaction, in the given order (a school's export): all of them or nothing."""

    def load_all() -> Outcome:
        total = Outcome()
        for item in files:
            try:
                outcome = KINDS[item.kind].load(read_book(item.content), ctx)
            except FileRefused as refused:
                outcome = Outcome(problems=[refused.problem])
            outcome.problems = [_in_file(problem, item.name) for problem in outcome.problems]
            total.merge(outcome)
            if outcome.refused:
                break  # the next kinds build on this one
        return total

    return _guarded(load_all, commit=commit)


def _in_file(problem: Problem, name: str) -> Problem:
    sheet = f"{name}: {problem.sheet}" if problem.sheet else name
    return Problem(problem.message, sheet, problem.row, problem.column, problem.heading)


def _guarded(load, *, commit: bool) -> Outcome:
    """Run `load` in a savepoint that is kept only when asked and flawless; never let an error escape as a
    crash: whatever goes wrong becomes a problem, and nothing is saved."""
    try:
        with transaction.atomic():
            outcome = load()
            if outcome.refused or not commit:
                transaction.set_rollback(True)
    except FileRefused as refused:
        outcome = Outcome(problems=[refused.problem])
    except (ValidationError, DatabaseError) as error:
        logger.warning("import refused by the database: %s", error)
        outcome = Outcome(problems=[Problem(_("The data conflicts with what is stored: %(reason)s") % {
            "reason": "; ".join(getattr(error, "messages", [str(error)]))})])  # fmt: skip
    except Exception:
        logger.exception("import failed")
        outcome = Outcome(problems=[Problem(_("The file could not be imported because of an error in Sapat; "
                                              "nothing was saved. Please tell the administrator."))])  # fmt: skip
    return outcome


def bundle_files(paths) -> list[BundleFile]:
    """The files of a school's export folder ("03-classes.xlsx"), in the order their kinds build on each other."""
    order = list(KINDS)
    found = []
    for path in paths:
        stem = path.stem.split("-", 1)[-1] if path.stem[:2].isdigit() else path.stem
        if stem in KINDS and path.suffix.lower() in (".xlsx", ".csv"):
            found.append(BundleFile(stem, path.name, path.read_bytes()))
    if not found:
        raise ValidationError(_("The folder holds no export files (like 03-classes.xlsx)."))
    return sorted(found, key=lambda item: order.index(item.kind))


@transaction.atomic
@unscoped("an import: the user may import into its unit (may_import), each row resolved within it (resolving)")
def import_bundle(*, user, unit: OrgUnit | None, name: str, files: list[BundleFile], dry_run: bool) -> ImportRecord:
    """A whole school's export (every kind, in order) as one import: all files or nothing, recorded once."""
    if not may_import_into(user, unit):
        raise PermissionDenied
    digest = hashlib.sha256()
    for item in files:
        digest.update(item.name.encode() + b"\0" + hashlib.sha256(item.content).digest())
    record = ImportRecord(
        user=user if getattr(user, "pk", None) else None,
        unit=unit,
        kind="school",
        file_name=name[-255:],
        size=sum(len(item.content) for item in files),
        checksum=digest.hexdigest(),
        language=get_language() or "",
    )
    record.save()
    outcome = run_bundle(files, _context(record), commit=not dry_run)
    if outcome.refused:
        status = ImportRecord.Status.REFUSED
    else:
        status = ImportRecord.Status.PREVIEWED if dry_run else ImportRecord.Status.APPLIED
        record.applied_at = None if dry_run else timezone.now()
    _store(record, outcome, status)
    return record
