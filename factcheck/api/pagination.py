"""Cursor pagination by keyset: a page starts after the last row of the previous one, found
by the values of the sort key and the id, not by an OFFSET. So a page costs the same at any
depth (an index range scan from the cursor), and rows added or removed before the cursor never
shift the rows after it.

What a walk sees of rows that change meanwhile depends on the order. On values no edit
changes (creation time, id), every row that exists when the walk starts and matches its
filters throughout comes exactly once. On a value edits change (`updated_at`, a status, a
name), a row whose value changes during the walk moves: skipped if it moves from after the
cursor to before it, given twice if the other way; the other rows come once. The README
("Lists") and the API reference say which lists are which.

A cursor is opaque to clients: base64 of JSON [sort, [values of the ordering fields]]. Any
other text, or a cursor made for another sort, is refused (400, code `invalid_cursor`).
"""

import base64
import binascii
import datetime
import json

from django.conf import settings
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from factcheck.api.rendering import LONE_SURROGATE
from factcheck.models import Status

DEFAULT_PAGE_SIZE = 50
# Longest cursor we ever make is well under this (a claimant name of 200 characters).
MAX_CURSOR_LENGTH = 2000


def page_size(query) -> int:
    """The `page_size` parameter: 1 to FACTCHECK_API_MAX_PAGE_SIZE, default 50."""
    raw = query.get("page_size")
    largest = settings.FACTCHECK_API_MAX_PAGE_SIZE
    if raw in (None, ""):
        return DEFAULT_PAGE_SIZE
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= largest:
        raise ValidationError(
            {"page_size": [f"Give a whole number from 1 to {largest}."]}, code="invalid"
        )
    return int(raw)


def encode_cursor(sort: str, values: list) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.datetime) else v for v in values]
    text = json.dumps([sort, plain], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, ordering) -> list:
    """The ordering values in `cursor`, typed; ValidationError if it is not one of ours for
    this sort."""
    refused = ValidationError(
        {"cursor": ["This cursor is not valid here: use the `next` link of a page."]},
        code="invalid_cursor",
    )
    if not cursor.isascii() or len(cursor) > MAX_CURSOR_LENGTH:
        raise refused
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        given_sort, values = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise refused from None
    if given_sort != sort or not isinstance(values, list) or len(values) != len(ordering):
        raise refused
    typed = [_typed(name.lstrip("-"), value) for name, value in zip(ordering, values, strict=True)]
    if any(value is None for value in typed):
        raise refused
    return typed


def _typed(field, value):
    if field.endswith("_at"):
        moment = parse_datetime(value) if isinstance(value, str) else None
        return moment if moment is not None and moment.tzinfo is not None else None
    if field in ("id", "status_rank"):
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63
        return value if ok else None
    # Neither a NUL nor a lone surrogate (a JSON escape like \ud800) can be stored or compared.
    ok = isinstance(value, str) and "\x00" not in value and not LONE_SURROGATE.search(value)
    return value if ok else None


def after(ordering, values) -> Q:
    """Rows after `values` in `ordering` (e.g. ("-created_at", "-id")): the first field's
    bound as its own condition (so the database starts an index scan there), then the
    lexicographic rule."""
    rule = Q()
    for position in range(len(ordering) - 1, -1, -1):
        name = ordering[position].lstrip("-")
        beyond = "lt" if ordering[position].startswith("-") else "gt"
        step = Q(**{f"{name}__{beyond}": values[position]})
        rule = (
            step if position == len(ordering) - 1 else step | (Q(**{name: values[position]}) & rule)
        )
    first = ordering[0].lstrip("-")
    bound = "lte" if ordering[0].startswith("-") else "gte"
    return Q(**{f"{first}__{bound}": values[0]}) & rule


ROW_VALUE = {
    "created_at": lambda claim: claim.created_at,
    "updated_at": lambda claim: claim.updated_at,
    "claimant__name": lambda claim: claim.claimant.name,
    "status_rank": lambda claim: Status.values.index(claim.status),
    "id": lambda claim: claim.pk,
}


def cursor_for(sort, ordering, claim) -> str:
    """The cursor that continues after `claim` (or any row) in `ordering`."""
    values = []
    for name in ordering:
        name = name.lstrip("-")
        values.append(ROW_VALUE[name](claim) if name in ROW_VALUE else getattr(claim, name))
    return encode_cursor(sort, values)


def keyset_page(queryset, *, sort, ordering, cursor, size, row=None):
    """(rows, next cursor or None): up to `size` rows of the ordered `queryset` after
    `cursor` (None: from the start), in one query (size + 1 rows tell if there is more).
    `row` turns a plain value (a values_list of ids) into an object for the cursor."""
    if cursor:
        queryset = queryset.filter(after(ordering, decode_cursor(cursor, sort, ordering)))
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not more:
        return rows, None
    return rows, cursor_for(sort, ordering, row(rows[-1]) if row else rows[-1])


def next_link(request, cursor: str | None) -> str | None:
    """The request's own URL with `cursor` set, or None at the end of the list."""
    if cursor is None:
        return None
    query = request.query_params.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
