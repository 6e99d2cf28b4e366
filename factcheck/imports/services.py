"""Import claims from a CSV file in the export format (`/exports/figures.csv`).

Every row is checked before anything is written; one problem anywhere and nothing is written,
and the report lists every problem with its line and column. Claimants are matched by name
(created if new); a claim already in the database or earlier in the file (same statement,
claimant and as-of date) is reported and skipped, never doubled. Claim ids, statuses and the
audit rows behind `verified_by` and `verified_at` are restored, so export, import into an empty
database (holding the verifiers' accounts) and export again gives the same file. An imported
verdict must pass the guards the workflow puts on it (factcheck.workflow.guards), and its verifier
must be an existing account allowed to review. The page and `import_claims` both call
`import_claims` below.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from factcheck.claims import services as claim_services
from factcheck.claims.duplicates import duplicate_key, find_duplicate
from factcheck.claims.validation import EDITABLE_FIELDS, claimant_problems, clean_claim_values
from factcheck.errors import NotPermitted, Refusal
from factcheck.exports.rows import COLUMNS
from factcheck.exports.writers import FORMULA_TRIGGERS
from factcheck.matching.selectors import same_figure_notes
from factcheck.models import (
    Claim,
    Claimant,
    ClaimantKind,
    EvidenceStance,
    Qualifier,
    Status,
    web_url,
)
from factcheck.permissions import can_import
from factcheck.workflow import guards
from factcheck.workflow.services import (
    imported_status_note,
    imported_verdict_problems,
    may_review,
    record_imported_status,
)

# The export's columns, in its order; `unit` is accepted too for hand-made spreadsheets.
EXPORT_COLUMNS = COLUMNS
KNOWN_COLUMNS = (*EXPORT_COLUMNS, "unit")
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


def _records(text, report):
    """Yield (line, cells) for each record; line is where the record starts in the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
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


def _unguard(cell):
    """Undo the exporter's protection against spreadsheet formulas ('=1+1 -> =1+1)."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


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
    if set_by:
        try:
            UnicodeUsernameValidator()(set_by)
            if len(set_by) > 150:
                raise ValidationError("too long")
        except ValidationError:
            problems.append(Problem(f"{set_by!r} is not a user name.", line, "verified_by"))
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
    return set_by, set_at


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
    for row in rows:
        same = {
            "statement": row.claim_data["statement"],
            "claimant_name": row.claimant["name"],
            "as_of": row.claim_data["as_of"],
        }
        key = duplicate_key(**same)
        existing = find_duplicate(**same)
        if existing:
            report.duplicates.append(
                Problem(f"Already in the desk as claim {existing.pk}; skipped.", row.line)
            )
        elif key in seen:
            report.duplicates.append(
                Problem(f"Same claim as line {seen[key]} (statement, claimant, as of); skipped.",
                        row.line)
            )  # fmt: skip
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


def _find_verifiers(rows, actor, report):
    """The account behind each verdict's verified_by (the importing user if empty), which must
    exist and be allowed to review: only a reviewer can have set a verdict. Never created
    here: a desk moving its archive creates its verifiers' accounts first."""
    User = get_user_model()
    names = {row.set_by for row in rows if row.status != Status.UNVERIFIED and row.set_by}
    found = {user.get_username(): user for user in User.objects.filter(username__in=names)}
    verifiers = {}
    for row in rows:
        if row.status == Status.UNVERIFIED:
            continue
        user = found.get(row.set_by) if row.set_by else actor
        if user is None:
            message = (
                f"There is no account {row.set_by!r} here. Create the accounts of the people "
                "who verified these claims first, with the permission to review claims."
            )
        elif not may_review(user):
            message = (
                f"{user.get_username()!r} may not review claims, so cannot have set a verdict."
                if row.set_by
                else "Empty, so the verdict would be in your name, and you may not review "
                "claims. Name the editor who set it."
            )
        else:
            verifiers[row.line] = user
            continue
        report.problems.append(Problem(message, row.line, "verified_by"))
    return verifiers


def _write(rows, actor, verifiers, report):
    source = f"{report.filename} (line {{line}})"
    for row in rows:
        claim = claim_services.create_claim(
            actor=actor, data=row.claim_data, new_claimant=row.claimant, claim_id=row.claim_id
        )
        for url in row.evidence_urls:
            claim_services.add_evidence(
                claim=claim,
                actor=actor,
                url=url,
                note=f"Imported from {report.filename}, line {row.line}; the file gives no stance.",
                stance=EvidenceStance.CONTEXT,
            )
        report.created.append(claim.pk)
        if row.status == Status.UNVERIFIED:
            continue
        verifier = verifiers[row.line]
        _, problems = imported_verdict_problems(
            claim=claim,
            status=row.status,
            verifier=verifier,
            note=imported_status_note(report.filename, actor),  # never empty
        )
        for guard, message in problems:
            report.problems.append(Problem(message, row.line, GUARD_COLUMNS.get(guard, "status")))
        if not problems:
            record_imported_status(
                claim=claim,
                status=row.status,
                actor=actor,
                source=source.format(line=row.line),
                set_by=verifier,
                set_at=row.set_at,
            )
    if report.problems:
        raise _Rollback
    if any(row.claim_id for row in rows):
        _reset_claim_ids()
    _report_same_figures(rows, report)


def _report_same_figures(rows, report):
    """Claims whose figure an existing claim already has: imported, and reported."""
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


def import_claims(*, data, filename, actor):
    """Import the claims in `data` (the bytes of a CSV file called `filename`) for `actor`.

    Returns an ImportReport. If `report.problems` is not empty nothing was written; otherwise
    every new claim was written, in one transaction. Raises PermissionDenied if `actor` may
    not import.
    """
    if not can_import(actor):
        raise NotPermitted("You do not have permission to import claims.")
    report = ImportReport(filename=filename)
    text = _read_text(data, filename, report)
    if text is None:
        return report

    rows, header = [], None
    for line, cells in _records(text, report):
        if header is None:
            header = _header(cells, report)
            if report.problems:
                return report
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            report.problems.append(
                Problem(f"This row has {len(cells)} cells; the header has {len(header)}.", line)
            )
            continue
        values = {name: _unguard(cell) for name, cell in zip(header, cells, strict=False)}
        row = _check_row(line, values, report.problems)
        if row:
            rows.append(row)
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
            verifiers = _find_verifiers(rows, actor, report)
            if report.problems:
                raise _Rollback
            _write(rows, actor, verifiers, report)
    except _Rollback:
        pass
    except (ValidationError, Refusal, DatabaseError) as error:
        # Checked above, so only a change made meanwhile by someone else lands here.
        report.problems.append(Problem(f"Nothing was written: {_describe(error)}"))
    if report.problems:
        report.created, report.notices, report.probable_duplicates = [], [], []
    return report


def _describe(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
