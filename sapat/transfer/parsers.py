"""Reading an uploaded file into sheets of text cells, refusing whatever is not a plain, honest spreadsheet.

XLSX is read with openpyxl in read-only mode with formulas kept (`data_only=False`), so that a formula is seen
and refused rather than its cached value trusted. Before openpyxl opens it, the zip itself is checked: the
declared uncompressed size of its members (a zip bomb unpacks to gigabytes), encrypted members, XML with a
DOCTYPE (entity expansion), and whether it is an Excel workbook at all; merged cells are read from the sheet
XML on the same pass, since openpyxl's read-only sheets do not report them. An Excel file with a password is
an encrypted OLE container, refused by its magic number, as is the old .xls format.

CSV is decoded as UTF-8 (with or without BOM) or UTF-16 (Excel's "Unicode text"), else Windows-1251 (or its
Kazakh variant KZ-1048 when the bytes only make sense in it); the separator (comma, semicolon or tab) is
sniffed from the header line.

Every refusal is a `FileRefused` with a translated message saying what to do, never an exception escaping.
"""

import csv
import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.utils import range_boundaries

from sapat.core import spreadsheets

from .outcome import Problem

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OTHER_MAGICS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"PK\x05\x06")
# Letters that Windows-1251 gives for bytes that KZ-1048 reads as Kazakh letters (Қ, Һ, Ұ, Ә, Ө, Ғ, Ү, Ң).
NOT_IN_KG_KZ_TEXT = frozenset("ЌЋќћЎўЈҐЄЇґєјЅѕї")
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)"')
HOSTILE_XML = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]{1,3}\d{1,7})"')
CHUNK = MB
# Cells exported as text that started with one of these were given a leading apostrophe (formula injection).
NEUTRALISED = spreadsheets.FORMULA_STARTS


@dataclass(frozen=True)
class Limits:
    """How large a file, how many rows and columns an import takes (settings SAPAT_IMPORT_*)."""

    max_bytes: int
    max_rows: int
    max_columns: int
    max_unzipped: int
    max_members: int = 5000

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=getattr(settings, "SAPAT_IMPORT_MAX_MB", 20) * MB,
            max_rows=getattr(settings, "SAPAT_IMPORT_MAX_ROWS", 300_000),
            max_columns=getattr(settings, "SAPAT_IMPORT_MAX_COLUMNS", 500),
            max_unzipped=getattr(settings, "SAPAT_IMPORT_MAX_UNZIPPED_MB", 250) * MB,
        )


@dataclass
class Sheet:
    """The non-empty rows of one visible sheet as text, with their row numbers, and its merged ranges."""

    name: str
    rows: list[tuple[int, list[str]]]
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # min/max row, min/max col, "A1:C1"


@dataclass
class Book:
    """A whole file: its visible sheets (a CSV file is one sheet) and how it was read."""

    form: str  # "xlsx" or "csv"
    sheets: list[Sheet]
    encoding: str = ""
    delimiter: str = ""


class FileRefused(Exception):
    """The file as a whole (or a place in it) cannot be read; nothing from it is used."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""):
        super().__init__(message)
        self.problem = Problem(str(message), sheet, row, column)


def read_book(content: bytes, name: str = "", limits: Limits | None = None) -> Book:
    """Read an XLSX or CSV file given as bytes; refuse anything else."""
    limits = limits or Limits.from_settings()
    if len(content) > limits.max_bytes:
        raise FileRefused(
            _("The file is %(size)s MB, more than the %(limit)s MB an import takes. Split it into smaller files.")
            % {"size": _megabytes(len(content)), "limit": _megabytes(limits.max_bytes)}
        )
    if not content.strip():
        raise FileRefused(_("The file is empty."))
    if content.startswith(ZIP_MAGIC):
        return _read_xlsx(content, limits)
    if content.startswith(OLE_MAGIC):
        raise FileRefused(_ole_message(content))
    return _read_csv(content, limits)


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".rstrip("0").rstrip(".")


def _ole_message(content: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in content:
        return password_protected()
    return _("This is an old Excel 97–2003 (.xls) file. Open it in Excel and save it as an Excel workbook (.xlsx).")


def password_protected() -> str:
    return _("The file is protected by a password. Remove the password in Excel (File → Info → Protect Workbook) "
             "and upload it again.")  # fmt: skip


def not_a_spreadsheet() -> FileRefused:
    return FileRefused(_("This file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file."))


def damaged() -> FileRefused:
    return FileRefused(_("The file is damaged and cannot be read. Open it in Excel, save it again and upload it."))


# Cell values -----------------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text: whole numbers without ".0", dates as 2024-12-20, text stripped of spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
    return restore(str(value).strip())


def restore(text: str) -> str:
    """Undo the export's guard against formula injection ("'=x" back to "=x")."""
    if text.startswith("'") and text[1:2] and text[1] in NEUTRALISED:
        return text[1:]
    return text


neutralise = spreadsheets.neutralise  # the export's guard, undone by `restore`


# XLSX ------------------------------------------------------------------------------------------------------


class _Budget:
    """Counts the non-empty rows of the whole file against the limit."""

    def __init__(self, limit: int):
        self.limit, self.rows = limit, 0

    def take(self, sheet: str) -> None:
        self.rows += 1
        if self.rows > self.limit:
            raise FileRefused(
                _("The file has more than %(limit)s rows, more than an import takes. Split it into smaller files.")
                % {"limit": self.limit},
                sheet=sheet,
            )


def _read_xlsx(content: bytes, limits: Limits) -> Book:
    scans = _checked_zip(content, limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a broken file; each means the same to the user
        raise damaged() from error
    budget = _Budget(limits.max_rows)
    try:
        sheets = [
            _read_sheet(ws, scans.get(ws._worksheet_path.lstrip("/"), _Scan()), limits, budget)
            for ws in workbook.worksheets
            if ws.sheet_state == "visible"
        ]
    except FileRefused:
        raise
    except Exception as error:
        raise damaged() from error
    finally:
        workbook.close()
    return Book("xlsx", sheets)


def _checked_zip(content: bytes, limits: Limits) -> dict[str, "_Scan"]:
    """Check the archive before any XML parser sees it; answer the merges and formulas of each member."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise damaged() from error
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names and not any(name.endswith("/workbook.xml") for name in names):
        raise not_a_spreadsheet()
    if any(member.flag_bits & 0x1 for member in members):
        raise FileRefused(password_protected())
    unpacked = sum(member.file_size for member in members)
    if len(members) > limits.max_members or unpacked > limits.max_unzipped:
        raise FileRefused(
            _("The file unpacks to %(size)s MB, more than the %(limit)s MB an import takes: it is not an ordinary "
              "spreadsheet. Copy the data into a new workbook and upload that.")
            % {"size": _megabytes(unpacked), "limit": _megabytes(limits.max_unzipped)}
        )  # fmt: skip
    return {
        member.filename: _scan(archive, member) for member in members if member.filename.endswith((".xml", ".rels"))
    }


@dataclass
class _Scan:
    """What one XML member of the archive holds that openpyxl's read-only sheets do not tell: merged ranges
    and the first cell with a formula (a formula's `<f>` element inside a `<c r="D4">` cell)."""

    merged: list = field(default_factory=list)
    formula: str = ""


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> _Scan:
    """Read one XML member in chunks (never more than its declared size): refuse DOCTYPE/ENTITY, find merges
    and formulas."""
    found, scan, carry = set(), _Scan(), b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                text = carry + chunk
                if HOSTILE_XML.search(text):
                    raise damaged()
                found.update(match[1].decode().upper() for match in MERGE_CELL.finditer(text))
                scan.formula = scan.formula or _formula_cell(text)
                carry = text[-512:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise damaged() from error
    for ref in sorted(found):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        scan.merged.append((min_row, max_row, min_col, max_col, ref))
    return scan


def _formula_cell(text: bytes) -> str:
    """The reference of the cell holding the first formula in this piece of sheet XML ("?" if unseen)."""
    match = FORMULA.search(text)
    if match is None:
        return ""
    cell = CELL_REF.findall(text, 0, match.start())
    return cell[-1].decode() if cell else "?"


def _read_sheet(ws, scan: _Scan, limits: Limits, budget: _Budget) -> Sheet:
    if scan.formula:
        row, column = _split_ref(scan.formula)
        raise FileRefused(
            _("The cell holds a formula. Replace formulas by their values (copy, then Paste Special → Values) "
              "and upload the file again."),
            sheet=ws.title, row=row, column=column,
        )  # fmt: skip
    if (ws.max_column or 0) > limits.max_columns:
        raise _too_wide(ws.title, ws.max_column, limits)
    ws.reset_dimensions()  # a wrong <dimension> would otherwise cut cells off silently
    rows = []
    for number, cells in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
        values = [cell_text(value) for value in cells]
        while values and not values[-1]:
            values.pop()
        if len(values) > limits.max_columns:
            raise _too_wide(ws.title, len(values), limits)
        if values:
            budget.take(ws.title)
            rows.append((number, values))
    return Sheet(ws.title, rows, scan.merged)


def _split_ref(ref: str) -> tuple[int | None, str]:
    match = re.fullmatch(r"([A-Za-z]{1,3})(\d+)", ref)
    return (int(match[2]), match[1].upper()) if match else (None, "")


def _too_wide(sheet: str, columns: int, limits: Limits) -> FileRefused:
    return FileRefused(
        ngettext(
            "The sheet has %(columns)s column, more than the %(limit)s an import takes.",
            "The sheet has %(columns)s columns, more than the %(limit)s an import takes.",
            columns,
        )
        % {"columns": columns, "limit": limits.max_columns},
        sheet=sheet,
    )


# CSV -------------------------------------------------------------------------------------------------------


def _read_csv(content: bytes, limits: Limits) -> Book:
    if any(content.startswith(magic) for magic in OTHER_MAGICS):
        raise not_a_spreadsheet()
    text, encoding = decode(content)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, budget = [], _Budget(limits.max_rows)
    try:
        for number, cells in enumerate(reader, start=1):
            values = [restore(cell.strip()) for cell in cells]
            while values and not values[-1]:
                values.pop()
            if len(values) > limits.max_columns:
                raise _too_wide("", len(values), limits)
            if values:
                budget.take("")
                rows.append((number, values))
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file is damaged near this row: %(reason)s.") % {"reason": error}, row=reader.line_num
        ) from error
    return Book("csv", [Sheet("", rows)], encoding=encoding, delimiter=delimiter)


def decode(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in; refuse what is not text."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise not_a_spreadsheet() from error
    if b"\x00" in content[:8192]:
        raise not_a_spreadsheet()
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1251")
    except UnicodeDecodeError as error:
        raise not_a_spreadsheet() from error
    if NOT_IN_KG_KZ_TEXT.intersection(text):
        return content.decode("kz1048", errors="replace"), "kz1048"
    return text, "cp1251"


def sniff_delimiter(text: str) -> str:
    """The separator of the first lines (a title line may have none): the most frequent of ; , and tab outside
    quotes, comma on a tie."""
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()][:5]
    line = re.sub(r'"[^"]*"', "", "\n".join(lines))
    counts = {delimiter: line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","
