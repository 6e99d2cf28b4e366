"""Property-based tests: arbitrary text, numbers and dates into the claim form, every page's
filters and the importer. Never a server error, never a partial write."""

import csv
import io
import xml.etree.ElementTree as ET  # nosec B405
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import resolve
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck.imports.services import KNOWN_COLUMNS, import_claims
from factcheck.models import Claim, Claimant, Evidence, StatusChange
from factcheck.tracker.charts import Point, Series, line_chart
from tests.conftest import WORLD_PK
from tests.factories import TrackedQuantityFactory, UserFactory
from tests.urlwalk import app_routes

pytestmark = pytest.mark.django_db

# Modest, so the suite stays quick on two cores; the database is shared by all examples of a
# test (hence the function-scoped fixtures), so each example checks its own effect.
FEW = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

anything = st.text(max_size=120)
numbers = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
    anything,
)
dates = st.one_of(st.dates().map(lambda d: d.isoformat()), st.dates().map(str), anything)
maybe = st.one_of(st.just(""), anything)


def desk_counts():
    return (
        Claim.objects.count(),
        Claimant.objects.count(),
        Evidence.objects.count(),
        StatusChange.objects.count(),
    )


def refused_for_nul(response, *values):
    """A NUL anywhere in a request is refused with 400 before any view sees it
    (factcheck/request_checks.py): PostgreSQL cannot store it."""
    texts = [v for value in values for v in (value.values() if isinstance(value, dict) else
             value if isinstance(value, list) else [value])]  # fmt: skip
    return response.status_code == 400 and any("\x00" in str(text) for text in texts)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


# --- The claim form ------------------------------------------------------------------------------

claim_posts = st.fixed_dictionaries(
    {
        "statement": anything,
        "new_claimant_name": anything,
        "new_claimant_kind": st.one_of(st.sampled_from(["government", "ngo"]), anything),
        "value": numbers,
        "value_high": numbers,
        "qualifier": st.one_of(st.sampled_from(["", "at_least", "exact"]), anything),
        "unit": maybe,
        "counted": maybe,
        "place": maybe,
        "as_of": dates,
        "methodology_notes": maybe,
        "source_url": st.one_of(st.just("https://example.org/a"), anything),
        "source_title": maybe,
        "source_date": dates,
    }
)


# A claim the form would take, for the examples at the edges below.
GOOD_POST = {
    "statement": "Net migration fell.", "new_claimant_name": "Statistics office",
    "new_claimant_kind": "government", "value": "-120", "value_high": "", "qualifier": "exact",
    "unit": "", "counted": "net migrants", "place": "", "as_of": "2024-01-01",
    "methodology_notes": "", "source_url": "https://example.org/a", "source_title": "",
    "source_date": "2024-01-02",
}  # fmt: skip
CALENDAR_EDGES = ("9999-12-31", "0001-01-01", "1899-12-31", "1900-01-01")


@FEW
@given(data=claim_posts)
@example(data=GOOD_POST)
@example(data={**GOOD_POST, "as_of": "9999-12-31", "source_date": "0001-01-01"})
@example(data={**GOOD_POST, "as_of": "1900-01-01", "source_date": "1899-12-31"})
@example(data={**GOOD_POST, "value": "-99999999999999.9999", "value_high": "-1"})
def test_claim_form_never_fails_and_saves_all_or_nothing(editor_client, data):
    before = Claim.objects.count()
    response = editor_client.post("/claims/new/", data)
    assert response.status_code in (200, 302) or refused_for_nul(response, data)
    if response.status_code == 302:
        assert Claim.objects.count() == before + 1
        claim = Claim.objects.latest("id")
        assert claim.statement == data["statement"].replace("\r\n", "\n").strip()
        assert data["as_of"] not in CALENDAR_EDGES[:3]  # implausible dates are refused
    else:
        assert Claim.objects.count() == before


@FEW
@given(data=claim_posts, version=st.one_of(st.integers().map(str), anything))
def test_claim_edit_never_fails_and_saves_all_or_nothing(editor_client, claim, data, version):
    before = Claim.objects.get(pk=claim.pk)
    response = editor_client.post(f"/claims/{claim.pk}/edit/", {**data, "version": version})
    assert response.status_code in (200, 302, 409) or refused_for_nul(response, data, version)
    after = Claim.objects.get(pk=claim.pk)
    if response.status_code == 302:
        assert after.version == before.version + 1
    else:
        assert (after.version, after.statement) == (before.version, before.statement)


# --- Filters and query strings on every page ---------------------------------------------------

# Names the queue and export filters use or might use; a page's own filterset adds its names.
COMMON_PARAMETERS = [
    "q", "status", "claimant", "assigned_to", "assignee", "counted", "has_figure", "sort",
    "ordering", "page", "created_after", "created_before", "as_of_after", "as_of_before",
    "verified_after", "verified_before", "date_from", "date_to", "format", "include",
    "date_field", "date_basis", "mine", "per_page",
]  # fmt: skip


def parameter_names(path):
    view = getattr(resolve(path).func, "view_class", None)
    filterset = getattr(view, "filterset_class", None)
    own = list(filterset.base_filters) if filterset else []
    return sorted(set(COMMON_PARAMETERS + own))


GET_PAGES = [(name, path) for name, path in app_routes(WORLD_PK) if name not in {"logout"}]


@pytest.mark.parametrize(("name", "path"), GET_PAGES)
def test_pages_never_fail_whatever_the_query_string(superuser, world, name, path):
    client = Client()
    client.force_login(superuser)
    names = parameter_names(path)
    values = st.one_of(anything, numbers, dates, st.sampled_from(["confirmed", "1", "-1", ""]))
    queries = st.lists(st.tuples(st.sampled_from(names), values), max_size=6)

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=queries)
    @example(query=[("created_before", "9999-12-31")])
    @example(query=[("created_after", "0001-01-01"), ("created_before", "0001-01-01")])
    @example(query=[("date_basis", "verified"), ("date_to", "9999-12-31")])
    @example(query=[("date_basis", "verified"), ("date_from", "0001-01-01")])
    @example(query=[("claimant", "99999999999999999999999"), ("assignee", str(2**63))])
    def check(query):
        before = desk_counts()
        response = client.get(f"{path}?{urlencode(query)}")
        assert response.status_code < 500, f"{name} {path}?{urlencode(query)}"
        assert desk_counts() == before

    check()


# --- The importer --------------------------------------------------------------------------------

cells = st.one_of(anything, numbers, dates, st.sampled_from(["confirmed", "at_least", "7", ""]))
rows = st.lists(st.fixed_dictionaries({}, optional=dict.fromkeys(KNOWN_COLUMNS, cells)), max_size=5)


def as_csv(header, records):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode()


@FEW
@given(
    header=st.lists(st.sampled_from(KNOWN_COLUMNS), min_size=1, unique=True).map(
        lambda cols: ["statement", "claimant", *cols]
    ),
    records=rows,
)
def test_importer_never_fails_and_writes_all_or_nothing(editor, header, records):
    header = list(dict.fromkeys(header))
    before = desk_counts()
    report = import_claims(data=as_csv(header, records), filename="f.csv", actor=editor)
    if report.ok:
        assert Claim.objects.count() == before[0] + len(report.created)
    else:
        assert report.created == []
        assert desk_counts() == before


@FEW
@given(data=st.binary(max_size=400))
def test_importer_survives_any_bytes(editor, data):
    before = desk_counts()
    report = import_claims(data=data, filename="f.csv", actor=editor)
    assert report.ok or desk_counts() == before


@FEW
@given(text=st.text(max_size=400))
def test_importer_survives_any_text(text):
    editor = UserFactory(username="hypothesis-editor", role="Editor")
    before = desk_counts()
    report = import_claims(data=text.encode(), filename="f.csv", actor=editor)
    assert report.ok or desk_counts() == before


# --- Ids in posted forms -----------------------------------------------------------------------

ids = st.one_of(st.integers(min_value=-(2**70), max_value=2**70).map(str), anything, st.just(""))
BEYOND_BIGINT = ("99999999999999999999999", str(2**63), "0", "-1")


@FEW
@given(posted=st.lists(ids, max_size=4), action=st.sampled_from(["assign", "transition"]))
@example(posted=[BEYOND_BIGINT[0]], action="assign")
@example(posted=list(BEYOND_BIGINT), action="transition")
@example(posted=[str(2**63 - 1)], action="assign")
def test_bulk_actions_never_fail_whatever_the_ids(editor_client, posted, action):
    before = desk_counts()
    response = editor_client.post(
        "/claims/bulk/",
        {"claims": posted, "action": action, "assignee": "none", "to_status": "in_review"},
        follow=True,
    )
    assert response.status_code in (200, 400)
    assert desk_counts()[:3] == before[:3]


THE_QUANTITY = "the tracked quantity's id"


@pytest.fixture
def tracked(db):
    return TrackedQuantityFactory(name="Civilians killed", unit="")


@FEW
@given(claims=st.lists(ids, max_size=4), quantity=st.one_of(ids, st.just(THE_QUANTITY)))
@example(claims=["99999999999999999999"], quantity=THE_QUANTITY)
@example(claims=["1, 99999999999999999999"], quantity=str(2**63))
@example(claims=[str(2**63 - 1)], quantity=THE_QUANTITY)
def test_attaching_never_fails_whatever_the_ids(editor_client, claim, tracked, claims, quantity):
    # Examples share one database: start each from an unfiled claim.
    Claim.objects.filter(pk=claim.pk).update(quantity=None)
    quantity = str(tracked.pk) if quantity == THE_QUANTITY else quantity
    response = editor_client.post("/quantities/attach/", {"claims": claims, "quantity": quantity})
    assert response.status_code == 302 or refused_for_nul(response, claims, quantity)
    filed = Claim.objects.get(pk=claim.pk).quantity_id
    assert filed in (None, tracked.pk)
    if str(claim.pk) not in " ".join(claims).replace(",", " ").split():
        assert filed is None


# --- The quantity chart ------------------------------------------------------------------------

values = st.decimals(min_value=-(10**16), max_value=10**16, places=4, allow_nan=False)
points = st.builds(
    lambda day, low, spread, filled: Point(day, low, low + abs(spread), filled, "a point"),
    st.dates(), values, values, st.booleans(),
)  # fmt: skip


@FEW
@given(series=st.lists(st.lists(points, min_size=1, max_size=4), max_size=3))
@example(series=[[Point(date.min, Decimal(5), Decimal(5), True, "first day")]])
@example(series=[[Point(date.max, Decimal(5), Decimal(5), False, "last day")]])
@example(series=[[Point(date(2024, 1, 1), Decimal(-3), Decimal(-1), True, "negative")]])
@example(series=[[Point(date(2024, 1, 1), Decimal(-50), Decimal(-50), True, "below"),
                  Point(date(2024, 2, 1), Decimal(30), Decimal(30), True, "above")]])  # fmt: skip
def test_charts_draw_any_figures_inside_the_plot(series):
    drawn = [Series(f"claimant {i}", tuple(s)) for i, s in enumerate(series)]
    svg = line_chart(drawn, title="t", description="d")
    root = ET.fromstring(svg)  # noqa: S314 our own output; raises if not well-formed
    marks = [e for e in root.iter() if "point" in e.get("class", "").split()]
    assert len(marks) == sum(len(s) for s in series)
    plot_top, plot_bottom = 28, 28 + 300
    for mark in marks:
        if mark.get("cy") is not None:  # circles: the centre is the value
            assert plot_top - 1 <= float(mark.get("cy")) <= plot_bottom + 1
