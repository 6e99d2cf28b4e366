import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

from factcheck.exports import writers
from factcheck.exports.filters import ExportFilterForm, claims_for_export
from factcheck.exports.formats import FORMATS, HXL_TAGS, JSON_FIELDS, stream_export
from factcheck.exports.rows import COLUMNS, as_dicts, export_rows
from factcheck.exports.writers import json_object, safe_cell, write_json
from factcheck.models import Status
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimantFactory, ClaimFactory, EvidenceFactory, give_verdict

pytestmark = pytest.mark.django_db

SCHEMAORG = Path(__file__).resolve().parents[3] / "shared" / "schemaorg"


def export_text(format_key, query=None):
    form = ExportFilterForm(query or {})
    assert form.is_valid(), form.errors
    return "".join(stream_export(format_key, form))


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def confirmed(actor, **fields):
    return give_verdict(ClaimFactory(**fields), Status.CONFIRMED, actor)


# --- The cell sanitiser ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, safe",
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("UNHCR says 1,000,000", "UNHCR says 1,000,000"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_cell_neutralises_formula_starts_only(text, safe):
    assert safe_cell(text) == safe


# --- CSV -------------------------------------------------------------------------------------


def test_csv_header_is_exactly_the_documented_columns(editor):
    confirmed(editor)
    header = export_text("csv").split("\r\n", 1)[0]
    assert header == (
        "claim_id,statement,claimant,claimant_kind,value,value_high,unit,qualifier,counted,"
        "place,as_of,status,methodology_notes,evidence_urls,source_url,source_title,source_date,"
        "verified_by,verified_at,claim_url,published_url"
    )


def test_csv_row_holds_the_claim_its_evidence_and_who_confirmed_it(editor, editor2, settings):
    settings.FACTCHECK_BASE_URL = "https://desk.example.org"
    claim = ClaimFactory(
        statement="More than 1 million people have fled Ukraine.",
        claimant=ClaimantFactory(name="UNHCR", kind="un_agency"),
        value=Decimal("1000000.0000"),
        value_high=Decimal("1200000"),
        qualifier="more_than",
        counted="refugees",
        as_of=date(2022, 3, 2),
        methodology_notes="Border crossings, not people.",
        source_url="https://apnews.com/article/un-refugees",
        source_title="U.N.: Ukraine Refugee Count Tops 1 Million",
        source_date=date(2022, 3, 3),
        published_url="https://news.example.org/fact-checks/refugees",
    )
    EvidenceFactory(claim=claim, url="https://data.unhcr.org/en/situations/ukraine")
    EvidenceFactory(claim=claim, url="https://example.org/second")
    transition_claim(
        claim=claim, to_status=Status.IN_REVIEW, actor=editor, expected_version=claim.version
    )
    claim.refresh_from_db()
    transition_claim(
        claim=claim, to_status=Status.CONFIRMED, actor=editor2, expected_version=claim.version
    )
    verdict = claim.status_changes.get(to_status=Status.CONFIRMED)

    (row,) = csv_rows(export_text("csv"))

    assert row == {
        "claim_id": str(claim.pk),
        "statement": "More than 1 million people have fled Ukraine.",
        "claimant": "UNHCR",
        "claimant_kind": "un_agency",
        "value": "1000000",
        "value_high": "1200000",
        "unit": "",
        "qualifier": "more_than",
        "counted": "refugees",
        "place": "Ukraine",
        "as_of": "2022-03-02",
        "status": "confirmed",
        "methodology_notes": "Border crossings, not people.",
        "evidence_urls": "https://data.unhcr.org/en/situations/ukraine https://example.org/second",
        "source_url": "https://apnews.com/article/un-refugees",
        "source_title": "U.N.: Ukraine Refugee Count Tops 1 Million",
        "source_date": "2022-03-03",
        "verified_by": "editor2",
        "verified_at": verdict.changed_at.astimezone(UTC).isoformat(timespec="seconds"),
        "claim_url": f"https://desk.example.org/claims/{claim.pk}/",
        "published_url": "https://news.example.org/fact-checks/refugees",
    }


def test_verified_by_is_the_latest_confirmation_after_a_reopening(editor, editor2):
    claim = give_verdict(
        ClaimFactory(), Status.CONFIRMED, editor, at=datetime(2022, 3, 3, tzinfo=UTC)
    )
    give_verdict(claim, Status.IN_REVIEW, editor, at=datetime(2022, 3, 4, tzinfo=UTC))
    give_verdict(claim, Status.CONFIRMED, editor2, at=datetime(2022, 3, 5, 9, 30, tzinfo=UTC))
    (row,) = csv_rows(export_text("csv"))
    assert (row["verified_by"], row["verified_at"]) == ("editor2", "2022-03-05T09:30:00+00:00")


def test_text_round_trips_and_formulas_are_neutralised_but_numbers_are_not(editor):
    tricky = 'Київ, "Харків"\nالأمم المتحدة: 1,000,000'
    claim = confirmed(
        editor,
        statement=tricky,
        counted="=cmd|' /C calc'!A0",
        place="@Kharkiv",
        methodology_notes="-1 is not a formula here\r\nsecond line",
        value=Decimal("-5.5"),
    )
    (row,) = csv_rows(export_text("csv"))
    assert row["statement"] == tricky
    assert row["counted"] == "'=cmd|' /C calc'!A0"
    assert row["place"] == "'@Kharkiv"
    assert row["methodology_notes"] == "'-1 is not a formula here\r\nsecond line"
    assert row["value"] == "-5.5"  # a number, left as a number
    assert row["claim_id"] == str(claim.pk)


def test_default_export_is_confirmed_claims_with_figures_only(editor):
    wanted = confirmed(editor)
    confirmed(editor, value=None, qualifier="", counted="")
    give_verdict(ClaimFactory(), Status.DISPUTED, editor)
    ClaimFactory()
    assert [r["claim_id"] for r in csv_rows(export_text("csv"))] == [str(wanted.pk)]


def test_other_statuses_are_included_on_request_with_their_status(editor):
    first = confirmed(editor)
    second = give_verdict(ClaimFactory(), Status.DISPUTED, editor)
    ClaimFactory()
    rows = csv_rows(export_text("csv", {"status": ["confirmed", "disputed"]}))
    assert [(r["claim_id"], r["status"]) for r in rows] == [
        (str(first.pk), "confirmed"),
        (str(second.pk), "disputed"),
    ]


def test_open_claims_have_no_verifier_even_after_a_return_to_queue(editor):
    claim = give_verdict(ClaimFactory(), Status.IN_REVIEW, editor)
    give_verdict(claim, Status.UNVERIFIED, editor)
    (row,) = csv_rows(export_text("csv", {"status": ["unverified"]}))
    assert (row["verified_by"], row["verified_at"]) == ("", "")


def test_filters_by_claimant_counted_and_as_of_dates(editor):
    unhcr = ClaimantFactory(name="UNHCR")
    wanted = confirmed(editor, claimant=unhcr, counted="refugees", as_of=date(2022, 3, 2))
    confirmed(editor, claimant=unhcr, counted="refugees", as_of=date(2022, 2, 1))
    confirmed(editor, claimant=unhcr, counted="civilians killed", as_of=date(2022, 3, 2))
    confirmed(editor, counted="refugees", as_of=date(2022, 3, 2))
    query = {
        "claimant": str(unhcr.pk),
        "counted": "  Refugee ",
        "date_from": "2022-03-01",
        "date_to": "2022-03-02",
    }
    assert [r["claim_id"] for r in csv_rows(export_text("csv", query))] == [str(wanted.pk)]


def test_verified_date_basis_takes_whole_days_inclusive(editor):
    inside = give_verdict(
        ClaimFactory(), Status.CONFIRMED, editor, at=datetime(2022, 3, 3, 23, 59, tzinfo=UTC)
    )
    give_verdict(
        ClaimFactory(), Status.CONFIRMED, editor, at=datetime(2022, 3, 4, 0, 0, tzinfo=UTC)
    )
    give_verdict(
        ClaimFactory(), Status.CONFIRMED, editor, at=datetime(2022, 3, 1, 23, 59, tzinfo=UTC)
    )
    query = {"date_basis": "verified", "date_from": "2022-03-02", "date_to": "2022-03-03"}
    assert [r["claim_id"] for r in csv_rows(export_text("csv", query))] == [str(inside.pk)]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"date_from": "3/1/2022"}, "Enter the date as YYYY-MM-DD"),
        ({"date_from": "2022-03-05", "date_to": "2022-03-01"}, "end date is before the start"),
        ({"status": ["confirmed", "maybe"]}, "Select a valid choice"),
        ({"claimant": "999999"}, "no claimant with that id"),
        ({"claimant": "abc"}, "no claimant with that id"),
        ({"date_basis": "published"}, "Select a valid choice"),
        ({"has_figure": "perhaps"}, "has_figure must be true, false or any"),
        ({"stauts": "confirmed"}, "Unknown filter “stauts”"),
    ],
)
def test_bad_filters_are_refused_with_a_message(query, message):
    form = ExportFilterForm(query)
    assert not form.is_valid()
    assert message in form.error_text()


def test_a_single_valued_filter_given_twice_is_refused():
    from django.http import QueryDict

    form = ExportFilterForm(QueryDict("date_from=2022-03-01&date_from=2022-03-02"))
    assert not form.is_valid()
    assert "“date_from” was given more than once" in form.error_text()


def test_export_queries_do_not_grow_with_the_row_count(editor, django_assert_max_num_queries):
    for _ in range(30):
        claim = confirmed(editor)
        EvidenceFactory(claim=claim)
    form = ExportFilterForm({})
    form.is_valid()
    # One query for the claims (verifier included) and one for evidence per chunk of 10.
    with django_assert_max_num_queries(1 + 3):
        rows = list(export_rows(claims_for_export(form.cleaned_data), chunk_size=10))
    assert len(rows) == 30
    rows = list(as_dicts(rows))
    assert all(row["verified_by"] == "editor" and row["evidence_urls"] for row in rows)


def test_file_names_say_what_and_when():
    day = date(2022, 3, 3)
    csv_format, claimreview = FORMATS["csv"], FORMATS["claimreview"]
    assert csv_format.filename(["confirmed"], day) == "verified-figures-2022-03-03.csv"
    assert (
        csv_format.filename(["disputed", "confirmed"], day)
        == "figures-confirmed-disputed-2022-03-03.csv"
    )
    assert FORMATS["hxl"].filename(["confirmed"], day) == "verified-figures-hxl-2022-03-03.csv"
    assert claimreview.filename(["confirmed"], day) == "claimreview-confirmed-2022-03-03.jsonld"


# --- JSON ------------------------------------------------------------------------------------


def test_json_has_numbers_as_numbers_dates_iso_and_an_exact_count(editor):
    confirmed(editor, value=Decimal("1000000.0000"))
    confirmed(editor, value=Decimal("2.5"), value_high=Decimal("3.25"), statement="Київ “2.5%”")
    document = json.loads(export_text("json"), parse_float=Decimal)
    assert set(document) == {"exported_at", "filters", "count", "figures"}
    assert document["count"] == len(document["figures"]) == 2
    first, second = document["figures"]
    assert list(first) == list(JSON_FIELDS)
    assert list(COLUMNS) == list(first)
    assert first["value"] == 1000000 and isinstance(first["value"], int)
    assert first["value_high"] is None
    assert (second["value"], second["value_high"]) == (Decimal("2.5"), Decimal("3.25"))
    assert second["statement"] == "Київ “2.5%”"  # not formula-escaped: JSON is not a sheet
    assert first["as_of"] == "2022-03-01"
    assert document["filters"] == {
        "status": ["confirmed"],
        "date_basis": "as_of",
        "duplicates": "exclude",
        "has_figure": True,
    }


def test_every_format_gives_each_figure_its_unit_right_after_value_high(editor):
    """Issue 12: "more than 2% of the population" exported as 2 in CSV and HXL."""
    share = confirmed(editor, value=Decimal(2), qualifier="more_than", unit="%")
    count = confirmed(editor, value=Decimal(227))
    figures = json.loads(export_text("json"))["figures"]
    units = {f["claim_id"]: (f["value"], f["unit"]) for f in figures}
    assert units == {share.pk: (2, "%"), count.pk: (227, "")}
    for format_key in ("csv", "hxl"):
        rows = list(csv.reader(io.StringIO(export_text(format_key), newline="")))
        header = rows[0]
        assert header.index("unit") == header.index("value_high") + 1
        cells = {row[0]: row[header.index("unit")] for row in rows[1:] if row[0].isdigit()}
        assert cells == {str(share.pk): "%", str(count.pk): ""}
    hashtags = list(csv.reader(io.StringIO(export_text("hxl"))))[1]
    assert hashtags[header.index("unit")] == "#indicator+unit"


def test_json_with_no_rows_is_still_valid():
    document = json.loads(export_text("json"))
    assert (document["count"], document["figures"]) == (0, [])


def test_json_streams_rows_in_pieces(editor, monkeypatch):
    monkeypatch.setattr(writers, "STREAM_PIECE_ROWS", 2)
    for _ in range(5):
        confirmed(editor)
    form = ExportFilterForm({})
    form.is_valid()
    pieces = list(stream_export("json", form))
    assert len(pieces) == 1 + 3 + 1
    assert json.loads("".join(pieces))["count"] == 5


# --- HXL -------------------------------------------------------------------------------------


def test_hxl_export_is_valid_for_libhxl_with_the_documented_tags(editor):
    confirmed(editor, statement='Київ, "quoted"', value=Decimal("1000000"), counted="refugees")
    import hxl

    text = export_text("hxl")
    dataset = hxl.data(io.BytesIO(text.encode("utf-8")), hxl.InputOptions(allow_local=True))
    assert [column.display_tag for column in dataset.columns] == [
        HXL_TAGS[name] for name in COLUMNS
    ]
    (row,) = list(dataset)
    assert row.get("#indicator+num") == "1000000"
    assert row.get("#indicator+name") == "refugees"
    assert row.get("#description+claim") == 'Київ, "quoted"'
    assert row.get("#status+verification") == "confirmed"


# --- ClaimReview -----------------------------------------------------------------------------


def test_claimreview_maps_each_verdict_to_a_rating(editor):
    for status in (Status.CONFIRMED, Status.DISPUTED, Status.UNVERIFIABLE, Status.REFUTED):
        give_verdict(ClaimFactory(published_url="https://news.example.org/fc"), status, editor)
    ClaimFactory()  # unverified: nothing to review
    query = {"status": [s.value for s in Status]}
    graph = json.loads(export_text("claimreview", query))["@graph"]
    ratings = {r["reviewRating"]["alternateName"]: r["reviewRating"] for r in graph}
    assert {name: rating["ratingValue"] for name, rating in ratings.items()} == {
        "Confirmed": 3,
        "Disputed": 2,
        "Unverifiable": 2,
        "Refuted": 1,
    }
    assert all((r["worstRating"], r["bestRating"]) == (1, 3) for r in ratings.values())


@override_settings(
    FACTCHECK_ORGANISATION_NAME="Desk News", FACTCHECK_ORGANISATION_URL="https://desk.example/"
)
def test_claimreview_names_claimant_source_and_organisation(editor):
    claim = confirmed(
        editor,
        claimant=ClaimantFactory(name="Jane Doe", kind="person"),
        source_url="https://apnews.com/article/x",
        source_title="Refugees top 1 million",
        source_date=date(2022, 3, 3),
        published_url="https://news.example.org/fact-checks/jane-doe",
    )
    (review,) = json.loads(export_text("claimreview"))["@graph"]
    assert review["claimReviewed"] == claim.statement
    assert review["author"] == {
        "@type": "Organization",
        "name": "Desk News",
        "url": "https://desk.example/",
    }
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert review["itemReviewed"]["appearance"]["url"] == "https://apnews.com/article/x"
    assert review["itemReviewed"]["datePublished"] == "2022-03-03"
    assert review["url"] == "https://news.example.org/fact-checks/jane-doe"


def test_claimreview_leaves_out_claims_with_no_published_fact_check(editor):
    """Issue 12: ClaimReview's url was the desk's own page, behind a login; Google wants the
    public page of the fact check."""
    published = confirmed(editor, published_url="https://news.example.org/fc/1")
    confirmed(editor)  # a verdict, but not published
    graph = json.loads(export_text("claimreview"))["@graph"]
    assert [review["url"] for review in graph] == [published.published_url]


def test_claimreview_names_a_source_known_by_title_and_date_only(editor):
    published = {"published_url": "https://news.example.org/fc"}
    confirmed(editor, source_url="", source_title="AP, 3 March 2022",
              source_date=date(2022, 3, 3), **published)  # fmt: skip
    confirmed(editor, source_url="", source_title="", source_date=None, **published)
    with_title, unknown = json.loads(export_text("claimreview"))["@graph"]
    assert with_title["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "headline": "AP, 3 March 2022",
        "name": "AP, 3 March 2022",
        "datePublished": "2022-03-03",
    }
    assert "appearance" not in unknown["itemReviewed"]


GOOGLE_REQUIRED = {
    "ClaimReview": {"claimReviewed", "reviewRating", "url"},
    "Rating": {"alternateName"},
}


@pytest.fixture
def schemaorg():
    if not SCHEMAORG.is_dir():
        pytest.skip(f"needs the schema.org vocabulary and context in {SCHEMAORG} (../shared)")
    vocabulary = json.loads((SCHEMAORG / "schemaorg-current-https.jsonld").read_text())
    context = json.loads((SCHEMAORG / "schemaorgcontext.jsonld").read_text())
    return vocabulary["@graph"], context


def _local_loader(context):
    def load(url, options=None):
        if url.rstrip("/") in ("https://schema.org", "http://schema.org") or url.endswith(
            "schema.org/docs/jsonldcontext.jsonld"
        ):
            return {"contentType": "application/ld+json", "contextUrl": None,
                    "documentUrl": url, "document": context}  # fmt: skip
        raise AssertionError(f"the test must not fetch {url}")

    return load


def _term(iri):
    for prefix in ("https://schema.org/", "http://schema.org/"):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return None


def _as_list(value):
    return value if isinstance(value, list) else [value]


def test_claimreview_uses_only_schemaorg_terms_valid_on_their_types(editor, schemaorg):
    from pyld import jsonld

    graph, context = schemaorg
    classes, properties = {}, {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        types = _as_list(node["@type"])
        if "rdfs:Class" in types:
            classes[name] = [
                p["@id"].removeprefix("schema:") for p in _as_list(node.get("rdfs:subClassOf", []))
            ]
        if "rdf:Property" in types:
            properties[name] = {
                d["@id"].removeprefix("schema:")
                for d in _as_list(node.get("schema:domainIncludes", []))
            }

    def ancestors(name):
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(classes.get(current, []))
        return seen

    # One source with a URL, one known by its title only.
    for status, url in ((Status.CONFIRMED, "https://a.example/"), (Status.REFUTED, "")):
        source = {"source_url": url, "source_title": "T"}
        claim = ClaimFactory(
            **source,
            source_date=date(2022, 3, 3),
            methodology_notes="How.",
            published_url="https://news.example.org/fact-checks/1",
        )
        give_verdict(claim, status, editor)
    document = json.loads(export_text("claimreview", {"status": ["confirmed", "refuted"]}))
    expanded = jsonld.expand(document, {"documentLoader": _local_loader(context)})
    reviews = [node for node in expanded[0]["@graph"]] if "@graph" in expanded[0] else expanded
    assert len(reviews) == 2

    used = set()

    def check(node, compact):
        (type_iri,) = node["@type"]
        type_name = _term(type_iri)
        assert type_name in classes, f"{type_iri} is not a schema.org type"
        # Expansion silently drops unknown terms: every compact key must survive.
        assert {k for k in compact if not k.startswith("@")} == {
            _term(k) for k in node if not k.startswith("@")
        }
        missing = GOOGLE_REQUIRED.get(type_name, set()) - set(compact)
        assert not missing, f"{type_name} lacks Google's required {missing}"
        for key, values in node.items():
            if key.startswith("@"):
                continue
            name = _term(key)
            assert name in properties, f"{key} is not a schema.org property"
            assert properties[name] & ancestors(type_name), f"{name} is not allowed on {type_name}"
            used.add(name)
            for value, compact_value in zip(values, _as_list(compact[name]), strict=True):
                if "@value" not in value and "@type" in value:
                    check(value, compact_value)

    for node, compact in zip(reviews, document["@graph"], strict=True):
        check(node, compact)
    assert {
        *("claimReviewed", "itemReviewed", "reviewRating", "author", "url", "datePublished"),
        *("appearance", "ratingValue", "bestRating", "worstRating", "alternateName"),
        *("headline", "name"),
    } <= used


def test_json_keeps_every_stored_digit_even_beyond_float_precision():
    # (Through the writer: SQLite itself keeps decimals as floats.)
    row = (Decimal("1234567890123456.1234"), Decimal("2.5"))
    text = json_object(row, ["value", "value_high"])
    assert text == '{"value": 1234567890123456.1234, "value_high": 2.5}'
    assert json.loads(text, parse_float=Decimal)["value"] == Decimal("1234567890123456.1234")


def test_json_writer_is_reusable_for_other_rows():
    rows = [(date(2022, 3, 1), Decimal("7"))]
    text = "".join(write_json(rows, ["day", "n"], {}, "series"))
    assert json.loads(text) == {"series": [{"day": "2022-03-01", "n": 7}], "count": 1}
