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
figure rule and dates are ISO 8601.

Each row is also looked up for the claims of the desk it matches (issue 18,
`factcheck.matching`): same figure, same quantity with another figure, similar text. A row
whose figure is already in the desk is imported and reported as a probable duplicate, or
skipped when the caller asks (`skip_same_figure`). `check_only` runs every check and writes
nothing: the import page's check step (the preview) shows its report before the one click
that imports. The page, its background task and the `import_claims` command all call
`import_claims` below.
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
from factcheck.matching.ranking import MatchKind
from factcheck.matching.selectors import KIND_LABELS, find_matches
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


def _plural(count, word):
    return f"{count:,} {word}{'s' if count != 1 else ''}"


@dataclass
class ImportReport:
    filename: str
    created: list = field(default_factory=list)  # ids of the claims written
    duplicates: list = field(default_factory=list)  # Problem: skipped, already there
    notices: list = field(default_factory=list)  # Problem: done, but worth knowing
    # Problem: imported, but the same figure is already in the desk (factcheck.matching)
    probable_duplicates: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # Problem: nothing was written
    # Rows with matches in the desk, same figure first, then in file order: {"line",
    # "statement", "kind" (the best match's), "matches": [{"claim", "kind", "label",
    # "score", "statement", "status"}, ...]} (at most ROW_MATCHES each).
    matches: list = field(default_factory=list)
    # How many rows' best match is of each kind (MatchKind values).
    match_counts: dict = field(default_factory=dict)
    checked_only: bool = False  # the check step: nothing was written
    to_import: int = 0  # claims written, or (checked_only) that importing would write
    skip_same_figure: bool = False  # rows with a same-figure match were skipped

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        if self.problems:
            count = len(self.problems)
            verb = "can be" if self.checked_only else "was"
            return (
                f"Nothing {verb} imported from {self.filename}: {count} "
                f"problem{'s' if count != 1 else ''} to fix."
            )
        same = self.match_counts.get(MatchKind.SAME_FIGURE, 0)
        # Rows skipped for their figure are listed with the duplicates, but counted apart.
        skipped_figures = same if self.skip_same_figure else 0
        already = len(self.duplicates) - skipped_figures
        if self.checked_only:
            adds = _plural(self.to_import, "claim")
            if same and not self.skip_same_figure:
                adds += f" ({same:,} with a figure already in the desk)"
            parts = [f"{self.filename} is ready: importing it adds {adds}"]
            if already:
                parts.append(f"skips {already:,} already in the desk")
            if skipped_figures:
                parts.append(f"skips {skipped_figures:,} with a figure already in the desk")
            return f"{' and '.join(parts)}. Nothing has been imported yet."
        parts = [f"Imported {_plural(len(self.created), 'claim')}"]
        if already:
            parts.append(f"skipped {already:,} already in the desk")
        if skipped_figures:
            parts.append(f"skipped {skipped_figures:,} with a figure already in the desk")
        if self.probable_duplicates:
            parts.append(f"{len(self.probable_duplicates):,} with a figure already in the desk")
        return f"{', '.join(parts)} from {self.filename}."

    def as_data(self) -> dict:
        """The report as plain JSON data (messages as text), for an ImportJob."""

        def problems(found):
            return [{"message": str(p.message), "line": p.line, "column": p.column} for p in found]

        return {
            "filename": self.filename,
            "created": self.created,
            "duplicates": problems(self.duplicates),
            "notices": problems(self.notices),
            "probable_duplicates": problems(self.probable_duplicates),
            "problems": problems(self.problems),
            "matches": self.matches,
            "match_counts": self.match_counts,
            "checked_only": self.checked_only,
            "to_import": self.to_import,
            "skip_same_figure": self.skip_same_figure,
        }

    @classmethod
    def from_data(cls, data: dict) -> "ImportReport":
        """`as_data` read back (reports kept before a key existed lack it)."""
        data = dict(data)
        for name in ("duplicates", "notices", "probable_duplicates", "problems"):
            data[name] = [Problem(**problem) for problem in data.get(name, [])]
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{name: value for name, value in data.items() if name in known})


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


def _check_verdicts(rows, actor, report, progress):
    """The check step's test of what only a written claim can answer: the guards of an
    imported verdict (batch_writer). The rows that carry one are written, in the caller's
    transaction, which is then rolled back; rows without a verdict cannot be refused by a
    write, so they are not written at all."""
    with_verdict = [row for row in rows if row.status != Status.UNVERIFIED]
    if with_verdict:
        _, refused = write_rows(
            rows=with_verdict, actor=actor, filename=report.filename, progress=progress
        )
        for row, guard, message in refused:
            report.problems.append(Problem(message, row.line, GUARD_COLUMNS.get(guard, "status")))


# --- Matches in the desk (issue 18) -----------------------------------------------------------

# Matches kept per row for the report (the best ones).
ROW_MATCHES = 3
# Characters of a statement kept in the report's matches.
STATEMENT_CHARS = 160


def _clip(text):
    text = " ".join(text.split())
    return text if len(text) <= STATEMENT_CHARS else text[: STATEMENT_CHARS - 1] + "…"


def _match_rows(rows, report, progress):
    """Look up each row's matches in the desk (factcheck.matching.selectors.find_matches,
    the New claim form's look-up; about five queries a row), for the first
    settings.FACTCHECK_IMPORT_MATCH_MAX_ROWS rows; a notice says where the look-up stopped.
    Returns {line: [ClaimMatch, ...]} for the rows with matches. Reads only: run outside
    the import's transaction, so that a big file's look-up holds no lock."""
    limit = max(0, settings.FACTCHECK_IMPORT_MATCH_MAX_ROWS)
    looked_up = rows[:limit]
    if rows and not limit:  # the look-up turned off
        report.notices.append(
            Problem(
                "Matches were not looked up: no row was compared with the desk (the "
                "FACTCHECK_IMPORT_MATCH_MAX_ROWS setting is 0). Each claim's page lists its "
                "matches once imported."
            )
        )
    elif len(rows) > limit:
        report.notices.append(
            Problem(
                f"Matches were looked up for the first {_plural(limit, 'row')} only (up to line "
                f"{looked_up[-1].line}); the other {len(rows) - limit:,} were not compared "
                "with the desk (the FACTCHECK_IMPORT_MATCH_MAX_ROWS setting). Each claim's "
                "page lists its matches once imported."
            )
        )
    found = {}
    for done, row in enumerate(looked_up, start=1):
        data = row.claim_data
        try:
            matches = find_matches(
                statement=data["statement"],
                claimant_name=row.claimant["name"],
                **{name: data[name] for name in MATCHED_FIELDS},
                limit=ROW_MATCHES,
            )
        except ValueError:  # the row passed the claim rules: nothing to compare it by
            matches = []
        if matches:
            found[row.line] = matches
        progress.step("matching", done, len(looked_up))
    progress.step("matching", len(looked_up), len(looked_up), last=True)
    return found


MATCHED_FIELDS = ("value", "value_high", "qualifier", "unit", "counted", "place", "as_of")


def _report_matches(rows, found, report, skip_same_figure):
    """Put the matches of `rows` (those kept: not already in the desk) in the report; a row
    with a same-figure match is a probable duplicate, or skipped when `skip_same_figure`.
    Returns the rows to write."""
    kept, listed = [], []
    counts = dict.fromkeys(MatchKind, 0)
    for row in rows:
        matches = found.get(row.line, [])
        if not matches:
            kept.append(row)
            continue
        best = matches[0]
        counts[best.kind] += 1
        listed.append(
            {
                "line": row.line,
                "statement": _clip(row.claim_data["statement"]),
                "kind": str(best.kind),
                "matches": [
                    {
                        "claim": match.claim.pk,
                        "kind": str(match.kind),
                        "label": KIND_LABELS[match.kind],
                        "score": round(match.score, 3),
                        "statement": _clip(match.claim.statement),
                        "status": match.claim.get_status_display(),
                    }
                    for match in matches
                ],
            }
        )
        if best.kind is not MatchKind.SAME_FIGURE:
            kept.append(row)
            continue
        said = f"Same figure as claim {best.claim.pk} ({best.claim.get_status_display().lower()})"
        if skip_same_figure:
            report.duplicates.append(
                Problem(f"{said}, already in the desk; skipped, as you asked.", row.line)
            )
        else:
            report.probable_duplicates.append(
                Problem(
                    f"{said}, already in the desk: imported; mark it as a duplicate on its "
                    "page if it is one.",
                    row.line,
                )
            )
            kept.append(row)
    # Same figure first (what to look at before importing), then the file's order.
    order = {kind: n for n, kind in enumerate(MatchKind)}
    report.matches = sorted(listed, key=lambda item: (order[item["kind"]], item["line"]))
    report.match_counts = {str(kind): count for kind, count in counts.items()}
    return kept


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


def import_claims(
    *, data, filename, actor, on_progress=None, check_only=False, skip_same_figure=False
):
    """Import the claims in `data` (the bytes of a CSV file called `filename`) for `actor`.

    Returns an ImportReport. If `report.problems` is not empty nothing was written; otherwise
    every new claim was written, in one transaction. Each row's matches in the desk are in
    `report.matches` (see `_match_rows` for the limit); a row with a same-figure match is
    imported and listed in `report.probable_duplicates`, or with `skip_same_figure` skipped
    and listed in `report.duplicates`. Either way `actor` is notified that the import
    finished (factcheck.notifications).

    `check_only`: every check, and nothing kept (the preview): the report says what an
    import would do now (`to_import`, `duplicates`, `matches`, `problems`); the rows that
    carry a verdict are written to test the workflow's guards and rolled back (on PostgreSQL
    their claim numbers are used up). Nobody is notified.

    `on_progress(stage, done, total)`, if given, is called every PROGRESS_EVERY rows and at
    the end of each stage: "validating" (`total` = lines in the file, an upper bound on its
    rows), "matching" (`total` = rows looked up) or "writing" (`total` = rows to write); it
    must not write to this database (the import's transaction is open). Raises NotPermitted
    if `actor` may not import.
    """
    if not can_import(actor):
        raise NotPermitted("You do not have permission to import claims.")
    report = _import(data, filename, actor, on_progress, check_only, skip_same_figure)
    if not check_only:
        dispatch.import_finished(actor=actor, report=report)
    return report


def _import(data, filename, actor, on_progress, check_only, skip_same_figure):
    report = ImportReport(
        filename=filename, checked_only=check_only, skip_same_figure=skip_same_figure
    )
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

    # Reads only, before the transaction: a big file's look-up must not hold the lock.
    found = _match_rows(rows, report, progress)
    try:
        with transaction.atomic():
            _one_import_at_a_time()
            _check_ids(rows, report)
            rows = _find_duplicates(rows, report)
            _check_may_import_verdicts(rows, actor, report)
            if report.problems:
                raise _Rollback
            rows = _report_matches(rows, found, report, skip_same_figure)
            report.to_import = len(rows)
            if check_only:
                _check_verdicts(rows, actor, report, progress)
                raise _Rollback  # nothing is kept
            _write(rows, actor, report, progress)
            progress.step("writing", len(rows), len(rows), last=True)
    except _Rollback:
        pass
    except (ValidationError, Refusal, DatabaseError) as error:
        # Checked above, so only a change made meanwhile by someone else lands here.
        report.problems.append(Problem(f"Nothing was written: {_describe(error)}"))
    if report.problems:
        report.created, report.notices, report.probable_duplicates = [], [], []
        report.matches, report.match_counts, report.to_import = [], {}, 0
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
