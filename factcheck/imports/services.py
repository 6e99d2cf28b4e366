"""Import claims from a CSV file in the export format (`/exports/figures.csv`).

Every row is checked before anything is written; one problem anywhere and nothing is written,
and the report lists every problem with its line and column. Claimants are matched by name
(created if new); a claim already in the database or earlier in the file (same statement,
claimant, figure and as-of date) is reported and skipped, never doubled. Claim ids, statuses and the
audit rows behind `verified_by` and `verified_at` are restored, so export, import into an empty
database and export again gives the same file: the audit row is in the importing user's name
and keeps the verifier's name as the file records it (StatusChange.recorded_verifier), never
putting a verdict in the name of a local user who did not make it. An imported verdict must
pass the guards the workflow puts on it (factcheck.workflow.guards); with the two-person rule
on it arrives in review instead. Comma, semicolon and tab separated files are read, and an
HXL hashtag row under the header is skipped. Numbers follow factcheck.claims.validation's
figure rule and dates are ISO 8601. The page and `import_claims` both call `import_claims`
below.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from factcheck.claims.duplicates import duplicate_ids, duplicate_key
from factcheck.claims.validation import EDITABLE_FIELDS, claimant_problems, clean_claim_values
from factcheck.errors import NotPermitted, Refusal
from factcheck.exports.rows import COLUMNS
from factcheck.exports.writers import unguard_cell
from factcheck.imports.batch_writer import write_rows
from factcheck.limits import check_imported_claim_id, check_moment
from factcheck.matching.selectors import same_figure_notes
from factcheck.models import (
    Claim,
    Claimant,
    ClaimantKind,
    Qualifier,
    Status,
    StatusChange,
    web_url,
)
from factcheck.notifications import dispatch
from factcheck.permissions import can_import
from factcheck.workflow import guards
from factcheck.workflow.services import (
    may_review,
)

# The export's columns, in its order.
EXPORT_COLUMNS = COLUMNS
KNOWN_COLUMNS = EXPORT_COLUMNS
REQUIRED_COLUMNS = ("statement", "claimant")
# The claim's fields that the file fills in directly (the claimant is matched by name).
VALUE_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "claimant")


@dataclass(frozen=True)
class Problem:
    """Something in the file that stops the import, or (for notices) that the user should know."""

    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self):
        where = ", ".join(
            part
            for part in (
                f"line {self.line}" if self.line else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ImportReport:
    filename: str
    created: list = field(default_factory=list)  # ids of the claims written
    duplicates: list = field(default_factory=list)  # Problem: skipped, already there
    notices: list = field(default_factory=list)  # Problem: done, but worth knowing
    # Problem: imported, but the same figure is already in the desk (factcheck.matching)
    probable_duplicates: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # Problem: nothing was written

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        if self.problems:
            count = len(self.problems)
            return (
                f"Nothing was imported from {self.filename}: {count} "
                f"problem{'s' if count != 1 else ''} to fix."
            )
        parts = [f"Imported {len(self.created)} claim{'s' if len(self.created) != 1 else ''}"]
        if self.duplicates:
            parts.append(f"skipped {len(self.duplicates)} already in the desk")
        if self.probable_duplicates:
            parts.append(f"{len(self.probable_duplicates)} with a figure already in the desk")
        return f"{', '.join(parts)} from {self.filename}."


@dataclass
class _Row:
    line: int
    claim_id: int | None
    claimant: dict
    status: str
    set_by: str
    set_at: object
    evidence_urls: list
    claim_data: dict = field(default_factory=dict)


# --- Reading the file -------------------------------------------------------------------------


def _read_text(data, filename, report):
    limit = settings.FACTCHECK_IMPORT_MAX_BYTES
    if not filename.lower().endswith(".csv"):
        report.problems.append(
            Problem(
                f"{filename} is not a CSV file. Export the sheet as CSV (comma-separated, "
                "UTF-8) and upload that."
            )
        )
    elif len(data) > limit:
        report.problems.append(
            Problem(
                f"The file is {_megabytes(len(data))}; the limit is {_megabytes(limit)}. "
                "Split it into smaller files (the limit is the FACTCHECK_IMPORT_MAX_BYTES "
                "setting)."
            )
        )
    elif not data.strip():
        report.problems.append(Problem("The file is empty."))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            report.problems.append(
                Problem(
                    f"The file is not UTF-8 text (unreadable byte at position {error.start}). "
                    'Save it as "CSV UTF-8" and try again.'
                )
            )
        else:
            if "\x00" in text:
                report.problems.append(
                    Problem(
                        "The file is not a text CSV file (it holds NUL bytes): a spreadsheet "
                        'renamed to .csv? Save it as "CSV UTF-8" and try again.'
                    )
                )
            else:
                return text
    return None


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


# What spreadsheets write between cells: "," by default, ";" where the decimal separator is a
# comma (Excel in much of Europe), a tab for "tab-separated text".
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def detect_delimiter(text: str) -> str:
    """The separator whose split of the first line names the most known columns (a comma
    when none does, so the header's problems are reported as they are)."""
    first_line = next(iter(text.splitlines()), "")

    def known(delimiter):
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # reported when the file itself is read
            return 0
        return sum(cell.strip().lower() in KNOWN_COLUMNS for cell in cells)

    return max(DELIMITERS, key=known)  # max keeps the first of equals: the comma


def _records(text, report, delimiter=","):
    """Yield (line, cells) for each record; line is where the record starts in the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        report.problems.append(Problem(f"The CSV cannot be read here: {error}.", line=line))


def _header(cells, report):
    header = [cell.strip().lower() for cell in cells]
    unknown = [name for name in header if name not in KNOWN_COLUMNS]
    if unknown:
        report.problems.append(
            Problem(
                f"Unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}. "
                f"The columns are those of the export: {', '.join(EXPORT_COLUMNS)}.",
                line=1,
            )
        )
    doubled = sorted({name for name in header if header.count(name) > 1})
    if doubled:
        report.problems.append(Problem(f"Columns named twice: {', '.join(doubled)}.", line=1))
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        report.problems.append(Problem(f"Missing columns: {', '.join(missing)}.", line=1))
    return header


def is_hxl_hashtag_row(cells) -> bool:
    """The row of HXL hashtags (#meta+id, #indicator+num, ...) that an HXL CSV has under its
    header (HXL 1.1 standard, "Hashtag row"): every cell empty or a hashtag, at least one."""
    tags = [cell.strip() for cell in cells if cell.strip()]
    return bool(tags) and all(tag.startswith("#") and " " not in tag for tag in tags)


def _unguard(cell):
    """Undo the exporter's protection against spreadsheet formulas ('=1+1 -> =1+1)."""
    return unguard_cell(cell)


# --- Checking each row --------------------------------------------------------------------------


def _choice(raw, choices, column, line, problems, default=""):
    """Accept a stored value ("at_least") or its label ("at least"), in any case."""
    text = " ".join(raw.split()).lower()
    if not text:
        return default
    for value, label in choices:
        if text in (value.lower(), str(label).lower()):
            return value
    allowed = ", ".join(value for value, _ in choices)
    problems.append(Problem(f"{raw!r} is not one of: {allowed}.", line, column))
    return default


def _check_row(line, values, problems):
    """Turn one record into a _Row, adding what is wrong with it to `problems`."""
    found = []
    claim_id = None
    raw_id = values.get("claim_id", "").strip()
    if raw_id:
        if raw_id.isascii() and raw_id.isdigit() and 0 < int(raw_id) < 2**63:
            claim_id = int(raw_id)
            try:
                check_imported_claim_id(claim_id)
            except ValidationError as error:
                found += [Problem(m, line, "claim_id") for m in error.messages]
        else:
            found.append(Problem(f"{raw_id!r} is not a claim number.", line, "claim_id"))

    kind = _choice(
        values.get("claimant_kind", ""),
        ClaimantKind.choices,
        "claimant_kind",
        line,
        found,
        ClaimantKind.OTHER,
    )
    qualifier = _choice(values.get("qualifier", ""), Qualifier.choices, "qualifier", line, found)
    status = _choice(
        values.get("status", ""), Status.choices, "status", line, found, Status.UNVERIFIED
    )
    set_by, set_at = _check_verification(line, values, status, found)
    evidence_urls = _check_evidence(line, values.get("evidence_urls", ""), found)

    claim_data, value_problems = clean_claim_values(
        {**{name: values.get(name, "") for name in VALUE_FIELDS}, "qualifier": qualifier}
    )
    found += [Problem(p, line, p.field) for p in value_problems]
    claimant_name = _check_claimant_name(line, values.get("claimant", ""), found)
    problems.extend(found)
    if found:
        return None
    return _Row(
        line=line,
        claim_id=claim_id,
        claimant={"name": claimant_name, "kind": kind},
        status=status,
        set_by=set_by,
        set_at=set_at,
        evidence_urls=evidence_urls,
        claim_data=claim_data,
    )


def _check_claimant_name(line, raw, problems):
    """The claimant's name, white space folded, checked as the claim form checks a new one."""
    name = " ".join(raw.split())
    problems += [Problem(p, line, "claimant") for p in claimant_problems(None, name)]
    try:
        Claimant._meta.get_field("name").formfield().clean(name)
    except ValidationError as error:
        problems += [Problem(m, line, "claimant") for m in error.messages if name]
    return name


def _check_verification(line, values, status, problems):
    set_by = values.get("verified_by", "").strip()
    raw_at = values.get("verified_at", "").strip()
    if (set_by or raw_at) and status == Status.UNVERIFIED:
        problems.append(
            Problem("A claim that is unverified has no verified_by or verified_at.", line, "status")
        )
    # The name as the file records it: a partner's verifier need not have an account here.
    set_by = " ".join(set_by.split())
    if len(set_by) > VERIFIER_MAX_LENGTH or not set_by.isprintable():
        problems.append(
            Problem(
                f"{set_by[:80]!r} is not a name (at most {VERIFIER_MAX_LENGTH} characters).",
                line,
                "verified_by",
            )
        )
    set_at = None
    if raw_at:
        try:
            set_at = parse_datetime(raw_at) or _midnight(parse_date(raw_at))
        except ValueError:
            set_at = None
        if set_at is None:
            problems.append(
                Problem(
                    f"{raw_at!r} is not a date and time (e.g. 2022-03-03T14:07:00+00:00).",
                    line,
                    "verified_at",
                )
            )
        else:
            if timezone.is_naive(set_at):
                set_at = timezone.make_aware(set_at, UTC)
            if set_at > timezone.now():
                problems.append(Problem(f"{raw_at!r} is in the future.", line, "verified_at"))
            try:
                check_moment(set_at)
            except ValidationError as error:
                problems += [Problem(m, line, "verified_at") for m in error.messages]
    return set_by, set_at


VERIFIER_MAX_LENGTH = StatusChange._meta.get_field("recorded_verifier").max_length


def _midnight(day):
    if day is None:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _check_evidence(line, raw, problems):
    urls = raw.split()
    for url in urls:
        try:
            if len(url) > 500:
                raise ValidationError("too long")
            web_url(url)
        except ValidationError:
            problems.append(
                Problem(
                    f"{url[:80]!r} is not a web address (http:// or https://, at most 500 "
                    "characters); separate several with spaces.",
                    line,
                    "evidence_urls",
                )
            )
    return urls


def _find_duplicates(rows, report):
    """Drop rows already in the desk or earlier in the file, reporting each."""
    kept, seen = [], {}
    sames = [
        {
            "statement": row.claim_data["statement"],
            "claimant_name": row.claimant["name"],
            "value": row.claim_data["value"],
            "counted": row.claim_data["counted"],
            "as_of": row.claim_data["as_of"],
        }
        for row in rows
    ]
    # In batches: one query per row took most of a big file's check.
    existing_ids = duplicate_ids(sames)
    for row, same, existing in zip(rows, sames, existing_ids, strict=True):
        key = duplicate_key(**same)
        if existing:
            report.duplicates.append(
                Problem(f"Already in the desk as claim {existing}; skipped.", row.line)
            )
        elif key in seen:
            report.duplicates.append(
                Problem(
                    f"Same claim as line {seen[key]} (statement, claimant, figure, as of); "
                    "skipped.",
                    row.line,
                )
            )
        else:
            seen[key] = row.line
            kept.append(row)
    return kept


def _check_ids(rows, report):
    first_line = {}
    for row in rows:
        if row.claim_id is None:
            continue
        if row.claim_id in first_line:
            report.problems.append(
                Problem(
                    f"Claim number {row.claim_id} is also on line {first_line[row.claim_id]}.",
                    row.line,
                    "claim_id",
                )
            )
            continue
        first_line[row.claim_id] = row.line
    taken = set(
        Claim.objects.filter(pk__in=list(first_line)).values_list("pk", flat=True).iterator()
    )
    for row in rows:
        if row.claim_id in taken:
            report.notices.append(
                Problem(
                    f"Claim number {row.claim_id} is taken here by another claim; "
                    "imported under a new number.",
                    row.line,
                    "claim_id",
                )
            )
            row.claim_id = None


# --- Writing -------------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


# Where in the file each guard's complaint belongs.
GUARD_COLUMNS = {
    guards.needs_methodology_notes: "methodology_notes",
    guards.needs_supporting_evidence: "evidence_urls",
    guards.needs_contradicting_evidence: "evidence_urls",
}


def _check_may_import_verdicts(rows, actor, report):
    """A verdict arrives in the importing user's name (with its maker elsewhere recorded), so
    that user must be allowed to review claims. One problem for the file, not one per row."""
    with_verdict = [row.line for row in rows if row.status != Status.UNVERIFIED]
    if with_verdict and not may_review(actor):
        report.problems.append(
            Problem(
                f"{len(with_verdict)} row{'s' if len(with_verdict) != 1 else ''} "
                f"(first: line {with_verdict[0]}) carry a verdict, and you may not review "
                "claims, so you cannot import verdicts. Ask an editor, or set status to "
                "unverified.",
                column="status",
            )
        )


def _write(rows, actor, report, progress):
    report.created, refused = write_rows(
        rows=rows, actor=actor, filename=report.filename, progress=progress
    )
    for row, guard, message in refused:
        report.problems.append(Problem(message, row.line, GUARD_COLUMNS.get(guard, "status")))
    if report.problems:
        raise _Rollback
    if any(row.claim_id for row in rows):
        _reset_claim_ids()
    _report_same_figures(rows, report)


# Matching costs several queries a claim, and each compares against every claim of the file
# left out, so beyond this many claims an import (on a worker) would spend hours on it: the
# report says so instead, and each claim's page still lists its matches.
SAME_FIGURE_CHECK_MAX_ROWS = 2000


def _report_same_figures(rows, report):
    """Claims whose figure an existing claim already has: imported, and reported (files of
    at most SAME_FIGURE_CHECK_MAX_ROWS claims; for bigger ones a notice says it was not
    checked)."""
    if len(report.created) > SAME_FIGURE_CHECK_MAX_ROWS:
        report.notices.append(
            Problem(
                f"Not checked for figures already in the desk: the file has more than "
                f"{SAME_FIGURE_CHECK_MAX_ROWS:,} claims. Each claim's page lists its matches."
            )
        )
        return
    lines = dict(zip(report.created, (row.line for row in rows), strict=True))
    claims = Claim.objects.select_related("claimant").filter(pk__in=report.created)
    notes = same_figure_notes(claims, exclude=report.created)
    for pk in report.created:
        if pk in notes:
            report.probable_duplicates.append(Problem(notes[pk], lines[pk]))


# Any constant: the key of the PostgreSQL advisory lock that imports take in turn.
IMPORT_LOCK = 0x46434B494D50


def _one_import_at_a_time():
    """Two people importing the same file at once must not both find its claims new. On
    PostgreSQL, imports queue on a transaction-scoped advisory lock; SQLite writes one
    transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def _reset_claim_ids():
    """After inserting claims with their own numbers, new claims must be numbered past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Claim])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- The service ---------------------------------------------------------------------------------


def import_claims(*, data, filename, actor, on_progress=None):
    """Import the claims in `data` (the bytes of a CSV file called `filename`) for `actor`.

    Returns an ImportReport. If `report.problems` is not empty nothing was written; otherwise
    every new claim was written, in one transaction. Either way `actor` is notified that the
    import finished (factcheck.notifications). `on_progress(stage, done, total)`, if given,
    is called every PROGRESS_EVERY rows and at the end of each stage: stage "validating"
    (`total` = lines in the file, an upper bound on its rows) or "writing" (`total` = rows to
    write); it must not write to this database (the import's transaction is open). Raises
    PermissionDenied if `actor` may not import.
    """
    if not can_import(actor):
        raise NotPermitted("You do not have permission to import claims.")
    report = _import(data, filename, actor, on_progress)
    dispatch.import_finished(actor=actor, report=report)
    return report


def _import(data, filename, actor, on_progress):
    report = ImportReport(filename=filename)
    text = _read_text(data, filename, report)
    if text is None:
        return report
    progress = _Progress(on_progress)
    lines = text.count("\n") + 1

    rows, header, first_row = [], None, True
    for line, cells in _records(text, report, detect_delimiter(text)):
        if header is None:
            header = _header(cells, report)
            if report.problems:
                return report
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if first_row and is_hxl_hashtag_row(cells):
            first_row = False
            continue  # the desk's own HXL export, say
        first_row = False
        if len(cells) > len(header):
            report.problems.append(
                Problem(f"This row has {len(cells)} cells; the header has {len(header)}.", line)
            )
            continue
        values = {name: _unguard(cell) for name, cell in zip(header, cells, strict=False)}
        row = _check_row(line, values, report.problems)
        progress.step("validating", line, lines)
        if row:
            rows.append(row)
    progress.step("validating", lines, lines, last=True)
    if header is None and not report.problems:
        report.problems.append(Problem("The file is empty."))
    elif not rows and not report.problems:
        report.problems.append(Problem("The file has a header but no claims."))
    if report.problems:
        return report

    try:
        with transaction.atomic():
            _one_import_at_a_time()
            _check_ids(rows, report)
            rows = _find_duplicates(rows, report)
            _check_may_import_verdicts(rows, actor, report)
            if report.problems:
                raise _Rollback
            _write(rows, actor, report, progress)
            progress.step("writing", len(rows), len(rows), last=True)
    except _Rollback:
        pass
    except (ValidationError, Refusal, DatabaseError) as error:
        # Checked above, so only a change made meanwhile by someone else lands here.
        report.problems.append(Problem(f"Nothing was written: {_describe(error)}"))
    if report.problems:
        report.created, report.notices, report.probable_duplicates = [], [], []
    return report


PROGRESS_EVERY = 200


class _Progress:
    """Calls the caller's progress function every PROGRESS_EVERY rows (or does nothing)."""

    def __init__(self, report_to):
        self.report_to = report_to

    def step(self, stage, done, total, last=False):
        if self.report_to and (last or done % PROGRESS_EVERY == 0):
            self.report_to(stage, done, total)


def _describe(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
