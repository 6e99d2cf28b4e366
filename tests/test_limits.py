"""The desk's limits (factcheck/limits.py): whatever it accepts it stores exactly, reads back
on both databases, shows and exports; what it cannot keep is refused with one clear message,
on every path (claim form, admin, importer, API)."""

import json
from decimal import Decimal

import pytest

from factcheck.claims import services
from factcheck.imports.services import import_claims
from factcheck.limits import FIGURE_LIMIT_MESSAGE, MAX_FIGURE, MAX_IMPORTED_CLAIM_ID
from factcheck.models import Claim, Status
from tests.claims.test_forms import form_data
from tests.factories import ClaimantFactory, ClaimFactory, give_verdict
from tests.imports.test_services import PLAIN, UNHCR, csv_bytes

pytestmark = pytest.mark.django_db

INLINES = {
    f"{prefix}-{count}_FORMS": 0
    for prefix in ("evidence", "status_changes")
    for count in ("TOTAL", "INITIAL")
}

EXTREMES = [
    MAX_FIGURE,
    -MAX_FIGURE,
    Decimal("12345678901.2345"),
    Decimal("0.0001"),
    Decimal("99999999999"),
    Decimal("-0.0001"),
]


@pytest.mark.parametrize("value", EXTREMES, ids=str)
def test_the_largest_figures_accepted_are_stored_and_read_back_exactly(editor, value):
    claim = services.create_claim(
        actor=editor,
        data={
            "statement": "A figure at the edge.",
            "claimant": ClaimantFactory(),
            "value": value,
            "value_high": MAX_FIGURE,
            "qualifier": "exact",
            "counted": "euros",
        },
    )
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.value, stored.value_high) == (value, MAX_FIGURE)
    assert str(stored.value.normalize()) == str(value.normalize())


def test_the_largest_figure_shows_on_every_page_and_in_every_export(client_for, editor):
    claim = ClaimFactory(value=MAX_FIGURE, value_high=MAX_FIGURE, statement="At the edge")
    give_verdict(claim, Status.CONFIRMED, editor)
    client = client_for(editor)
    for url in (f"/claims/{claim.pk}/", "/claims/?status=confirmed", "/claims/?q=edge"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "99,999,999,999.9999" in response.content.decode(), url
    for url in ("/exports/figures.csv", "/exports/figures-hxl.csv", "/exports/figures.json"):
        body = b"".join(client.get(url).streaming_content).decode()
        assert "99999999999.9999" in body, url
    body = b"".join(client.get("/exports/claimreview.jsonld").streaming_content)
    assert body.endswith(b"}\n") or body.endswith(b"}")


@pytest.mark.parametrize(
    "value", ["100000000000", "9999999999999.9999", "-100000000000", "1234567890123456"]
)
def test_the_claim_form_refuses_a_figure_beyond_the_limit_with_the_limit(
    client_for, reporter, value
):
    response = client_for(reporter).post("/claims/new/", form_data(value=value))
    assert response.status_code == 200
    assert FIGURE_LIMIT_MESSAGE in response.content.decode().replace("&quot;", '"')
    assert not Claim.objects.exists()


def test_the_admin_refuses_a_figure_beyond_the_limit_with_the_limit(client_for, superuser):
    data = {**form_data(value_high="9999999999999.9999"), "value": "1", **INLINES}
    response = client_for(superuser).post("/admin/factcheck/claim/add/", data)
    assert response.status_code == 200
    assert FIGURE_LIMIT_MESSAGE in response.content.decode().replace("&quot;", '"')
    assert not Claim.objects.exists()


def test_the_importer_refuses_a_figure_beyond_the_limit_with_the_limit(editor):
    row = {**PLAIN, "value": "9999999999999.9999", "qualifier": "exact", "counted": "x"}
    report = import_claims(data=csv_bytes(row), filename="f.csv", actor=editor)
    assert ("value", FIGURE_LIMIT_MESSAGE) in [(p.column, p.message) for p in report.problems]
    assert not Claim.objects.exists()


# --- Times ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00:00+14:00", "0001-01-01", "1899-12-31T23:59:59Z", "1000-01-01"]
)
def test_an_imported_time_outside_the_range_is_refused(editor, when):
    report = import_claims(
        data=csv_bytes({**UNHCR, "verified_at": when}), filename="f.csv", actor=editor
    )
    assert [p.column for p in report.problems] == ["verified_at"]
    assert "between 1900-01-01 and 9000-12-31" in report.problems[0].message
    assert not Claim.objects.exists()


def test_an_imported_time_at_the_start_of_the_range_reads_back_everywhere(
    client_for, editor, editor2, superuser
):
    report = import_claims(
        data=csv_bytes({**UNHCR, "verified_at": "1900-01-01T00:00:00+00:00"}),
        filename="f.csv",
        actor=editor,
    )
    assert report.ok, report.problems
    client = client_for(superuser)
    assert client.get("/claims/7/").status_code == 200
    assert client.get("/admin/factcheck/statuschange/").status_code == 200
    body = b"".join(client.get("/exports/figures.csv").streaming_content).decode()
    assert "1900-01-01T00:00:00+00:00" in body


# --- Claim numbers from a file ----------------------------------------------------------------


@pytest.mark.parametrize("number", [str(2**63 - 1), str(MAX_IMPORTED_CLAIM_ID + 1)])
def test_a_claim_number_that_would_use_up_the_sequence_is_refused(editor, number):
    report = import_claims(
        data=csv_bytes({**PLAIN, "claim_id": number}), filename="f.csv", actor=editor
    )
    assert [p.column for p in report.problems] == ["claim_id"]
    assert "the largest a file may give" in report.problems[0].message
    assert not Claim.objects.exists()


def test_after_the_largest_claim_number_new_claims_are_still_numbered(
    client_for, editor, superuser
):
    top = {**PLAIN, "claim_id": str(MAX_IMPORTED_CLAIM_ID)}
    assert import_claims(data=csv_bytes(top), filename="f.csv", actor=editor).ok
    typed = services.create_claim(
        actor=editor, data={"statement": "Typed after", "claimant": ClaimantFactory()}
    )
    assert typed.pk == MAX_IMPORTED_CLAIM_ID + 1
    again = import_claims(
        data=csv_bytes({**PLAIN, "statement": "Imported after"}), filename="g.csv", actor=editor
    )
    assert again.ok and again.created == [MAX_IMPORTED_CLAIM_ID + 2]
    response = client_for(superuser).post(
        "/admin/factcheck/claim/add/", {**form_data(), "statement": "From the admin", **INLINES}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Claim.objects.filter(statement="From the admin").get().pk == MAX_IMPORTED_CLAIM_ID + 3


# --- Figures: one limit, one message and code, whichever way they come ------------------------

BEYOND = ["1234567890123456.1234", "100000000000", "-100000000000", "0.00001", "1e12", "1e-5"]
# Compared, never written out as digits (which would take a billion of them).
BEYOND += ["1e999999999", "-1e-999999999", "0.1000000000000000000000000000001"]
# Within the limit however written: zeros ending the fraction say nothing (2.50000 is 2.5).
WITHIN = [
    ("99999999999.99990", Decimal("99999999999.9999")),
    ("0.00010", Decimal("0.0001")),
    ("1.0e-4", Decimal("0.0001")),
    ("1.5e3", Decimal("1500")),
    ("-99999999999.9999", -MAX_FIGURE),
    ("2.50000000000000000000000000000000", Decimal("2.5")),
]


def api_for(user):
    from factcheck.api.tokens import create_token
    from tests.api.conftest import ApiClient

    return ApiClient(create_token(user=user, name="limits")[1])


def post_raw(api, path, body, method="post", **headers):
    """`body` as JSON text, so numbers go as the JSON numbers written (the test client's own
    encoder would send a Decimal as a string)."""
    return getattr(api.client, method)(
        path, data=body, content_type="application/json", headers={**api.headers, **headers}
    )


def new_claim_json(value, claimant):
    """A new claim's body as JSON text, with `value` written into it as it is."""
    fields = {"statement": "A figure at the edge.", "claimant": claimant.pk}
    fields |= {"qualifier": "exact", "counted": "euros"}
    return json.dumps(fields)[:-1] + f', "value": {value}}}'


@pytest.mark.parametrize("quoted", [False, True], ids=["number", "text"])
@pytest.mark.parametrize("value", BEYOND)
def test_the_api_refuses_a_figure_beyond_the_limit_with_the_limit(reporter, value, quoted):
    if quoted and "e" in value:
        pytest.skip("text is read as the form reads it: exponents are not a number there")
    sent = f'"{value}"' if quoted else value
    response = post_raw(
        api_for(reporter), "/api/v1/claims/", new_claim_json(sent, ClaimantFactory())
    )
    assert response.status_code == 400, response.content
    assert response.json()["problems"] == [
        {"code": "figure_out_of_range", "message": FIGURE_LIMIT_MESSAGE, "field": "value"}
    ]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(("value", "stored"), WITHIN, ids=[v for v, _ in WITHIN])
def test_the_api_accepts_every_figure_within_the_limit_however_written(reporter, value, stored):
    response = post_raw(
        api_for(reporter), "/api/v1/claims/", new_claim_json(value, ClaimantFactory())
    )
    assert response.status_code == 201, response.content
    assert Claim.objects.get().value == stored
    assert json.loads(response.content, parse_float=Decimal)["value"] == stored


def test_an_api_edit_beyond_the_limit_is_refused_with_the_limit(editor, reporter):
    claim = ClaimFactory(created_by=reporter, value=Decimal(5), qualifier="exact", counted="x")
    response = post_raw(
        api_for(editor),
        f"/api/v1/claims/{claim.pk}/",
        '{"value_high": 1234567890123456.1234}',
        method="patch",
        **{"If-Match": f'"claim-{claim.pk}-v{claim.version}"'},
    )
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"code": "figure_out_of_range", "message": FIGURE_LIMIT_MESSAGE, "field": "value_high"}
    ]


def test_the_api_takes_figures_as_text_as_the_form_does(reporter):
    response = post_raw(
        api_for(reporter), "/api/v1/claims/", new_claim_json('"1,500"', ClaimantFactory())
    )
    assert response.status_code == 201, response.content
    assert Claim.objects.get().value == 1500


def test_the_claim_lookup_refuses_a_figure_beyond_the_limit_with_the_limit(reporter):
    response = api_for(reporter).get(
        "/api/v1/claims/matches/", {"statement": "x", "value": "0.00001"}
    )
    assert response.status_code == 400
    assert ("value", "figure_out_of_range", FIGURE_LIMIT_MESSAGE) in [
        (p["field"], p["code"], p["message"]) for p in response.json()["problems"]
    ]


@pytest.mark.parametrize(("value", "stored"), [w for w in WITHIN if "e" not in w[0]])
def test_the_claim_form_accepts_zeros_ending_the_fraction(client_for, reporter, value, stored):
    response = client_for(reporter).post("/claims/new/", form_data(value=value, value_high=""))
    assert response.status_code == 302, response.context["form"].errors
    assert Claim.objects.get().value == stored


@pytest.mark.parametrize("value", ["0.00001", "-0.00001", "1.23456"])
def test_too_many_places_get_the_limit_too_on_every_path(client_for, reporter, editor, value):
    response = client_for(reporter).post("/claims/new/", form_data(value=value))
    assert FIGURE_LIMIT_MESSAGE in response.content.decode().replace("&quot;", '"')
    row = {**PLAIN, "value": value, "qualifier": "exact", "counted": "x"}
    report = import_claims(data=csv_bytes(row), filename="f.csv", actor=editor)
    assert ("value", FIGURE_LIMIT_MESSAGE) in [(p.column, p.message) for p in report.problems]
    assert not Claim.objects.exists()
