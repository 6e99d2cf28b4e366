"""Property-based tests: arbitrary text, numbers and dates into the claim form, every page's
filters and the importer. Never a server error, never a partial write."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.imports import KNOWN_COLUMNS, import_claims
from factcheck.models import Claim, Claimant, Evidence, StatusChange
from tests.conftest import WORLD_PK
from tests.factories import UserFactory
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


@FEW
@given(data=claim_posts)
def test_claim_form_never_fails_and_saves_all_or_nothing(editor_client, data):
    before = Claim.objects.count()
    response = editor_client.post("/claims/new/", data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert Claim.objects.count() == before + 1
        claim = Claim.objects.latest("id")
        assert claim.statement == data["statement"].replace("\r\n", "\n").strip()
    else:
        assert Claim.objects.count() == before


@FEW
@given(data=claim_posts, version=st.one_of(st.integers().map(str), anything))
def test_claim_edit_never_fails_and_saves_all_or_nothing(editor_client, claim, data, version):
    before = Claim.objects.get(pk=claim.pk)
    response = editor_client.post(f"/claims/{claim.pk}/edit/", {**data, "version": version})
    assert response.status_code in (200, 302, 409)
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
