"""Candidates from the database and find_matches, on whichever database the suite runs on
(`make test` runs it on SQLite and on PostgreSQL)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from factcheck.matching.candidates import candidates, counted_terms, statement_terms
from factcheck.matching.fields import ClaimFields
from factcheck.matching.selectors import (
    as_data,
    find_matches,
    find_matches_for_each,
    matches_for_claim,
)
from factcheck.models import Claim, Qualifier
from tests.factories import ClaimantFactory, ClaimFactory

pytestmark = pytest.mark.django_db

OHCHR = "OHCHR"


@pytest.fixture
def killed():
    """The article's figures: OHCHR's count, Ukraine's, and an unrelated claim."""
    ohchr = ClaimantFactory(name=OHCHR)
    return {
        "ohchr": ClaimFactory(
            claimant=ohchr,
            statement="At least 227 civilians have been killed in Ukraine, the UN said.",
            value=Decimal(227),
            qualifier=Qualifier.AT_LEAST,
            counted="civilians killed",
            as_of=date(2022, 3, 1),
        ),
        "ukraine": ClaimFactory(
            claimant=ClaimantFactory(name="Government of Ukraine"),
            statement="More than 2,000 civilians have died, Ukraine said.",
            value=Decimal(2000),
            qualifier=Qualifier.MORE_THAN,
            counted="civilian deaths",
            as_of=date(2022, 3, 2),
        ),
        "refugees": ClaimFactory(
            claimant=ClaimantFactory(name="UNHCR"),
            statement="More than 1 million refugees have fled Ukraine.",
            value=Decimal(1_000_000),
            qualifier=Qualifier.MORE_THAN,
            counted="refugees",
            as_of=date(2022, 3, 2),
        ),
    }


def probe_ids(probe, **kwargs):
    return {c.ref for c in candidates(probe, **kwargs)}


def test_counted_terms_bring_synonyms_and_plurals():
    terms = counted_terms("Civilian deaths")
    assert {"civilian", "civilians", "deaths", "killed", "died", "fatalities"} <= set(terms)
    assert "number" not in counted_terms("number of refugees")


def test_statement_terms_are_the_longest_telling_words():
    assert statement_terms("The UN said there were 227 civilians killed in Mariupol") == [
        "civilians",
        "mariupol",
        "killed",
    ]


def test_words_in_many_statements_are_not_searched(monkeypatch):
    """A word most claims use picks nothing out: reading its index entries is all cost. The
    share comes from PostgreSQL's statistics (after ANALYZE) or SQLite's FTS5 counts."""
    from factcheck.matching import candidates as module

    monkeypatch.setattr(module, "MIN_COMMON_CLAIMS", 2)
    monkeypatch.setattr(module, "_sqlite_common", {})
    monkeypatch.setitem(module._common_cache, "at", -1e9)
    monkeypatch.setitem(module._common_cache, "claims_at", -1e9)
    ClaimFactory.create_batch(4, statement="Shelling hit the granary overnight")
    ClaimFactory(statement="Floods reached the delta")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE factcheck_claim")
    assert statement_terms("Shelling damaged a lighthouse") == ["lighthouse", "damaged"]


def test_synonyms_in_what_is_counted_find_the_same_quantity(killed):
    probe = ClaimFields.from_values(
        statement="The UN human rights office counted 227 deaths.",
        claimant="UN human rights office",
        value="227",
        qualifier="at_least",
        counted="civilian fatalities",
        place="Ukraine",
        as_of="2022-03-02",
    )
    found = probe_ids(probe)
    assert killed["ohchr"].pk in found and killed["ukraine"].pk in found
    assert killed["refugees"].pk not in found


def test_dates_far_outside_the_window_are_not_candidates(killed):
    probe = ClaimFields.from_values(
        statement="x", value="227", qualifier="at_least", counted="civilians killed",
        place="Ukraine", as_of="2023-06-01",
    )  # fmt: skip
    assert probe_ids(probe) == set()


def test_another_place_is_not_a_candidate_but_a_place_not_said_is(killed):
    Claim.objects.filter(pk=killed["ukraine"].pk).update(place="")
    probe = ClaimFields.from_values(
        statement="x", value="5", qualifier="exact", counted="civilians killed",
        place="Syria", as_of="2022-03-01",
    )  # fmt: skip
    assert probe_ids(probe) == {killed["ukraine"].pk}


def test_place_aliases_are_searched(killed):
    Claim.objects.filter(pk=killed["ohchr"].pk).update(place="Kiev")
    probe = ClaimFields.from_values(
        statement="x", value="5", qualifier="exact", counted="civilians killed",
        place="Kyiv", as_of="2022-03-01",
    )  # fmt: skip
    assert killed["ohchr"].pk in probe_ids(probe)


def test_similar_statements_are_candidates_without_a_figure(killed):
    probe = ClaimFields.from_values(statement="More than one million refugees fled Ukraine")
    assert killed["refugees"].pk in probe_ids(probe)


def test_excluded_and_duplicate_claims_are_left_out(killed):
    later = ClaimFactory(claimant=killed["ohchr"].claimant, statement="At least 227 killed.")
    Claim.objects.filter(pk=later.pk).update(duplicate_of=killed["ohchr"])
    probe = ClaimFields.from_claim(killed["ohchr"])
    found = probe_ids(probe, exclude=[killed["ukraine"].pk])
    assert killed["ukraine"].pk not in found and later.pk not in found
    assert killed["ohchr"].pk in found


def test_cyrillic_text_and_typographic_quotes_are_found_in_any_case():
    cyrillic = ClaimFactory(
        statement="МВС: щонайменше 227 цивільних загинули у «Маріуполі»",
        counted="ЗАГИБЛІ ЦИВІЛЬНІ",
        place="Україна",
        as_of=date(2022, 3, 1),
    )
    quoted = ClaimFactory(
        statement="The UN’s “verified” toll: 227 civilians killed",
        as_of=date(2022, 3, 1),
    )
    by_text = ClaimFields.from_values(statement="загинули маріуполі цивільних у Маріуполі")
    assert cyrillic.pk in probe_ids(by_text)
    by_counted = ClaimFields.from_values(
        statement="x", value="227", qualifier="exact", counted="загиблі цивільні",
        place="україна", as_of="2022-03-01",
    )  # fmt: skip
    assert cyrillic.pk in probe_ids(by_counted)
    straight = ClaimFields.from_values(statement='UN\'s "verified" toll: civilians killed')
    assert quoted.pk in probe_ids(straight)


def test_find_matches_ranks_same_figure_first_and_returns_plain_data(killed):
    matches = find_matches(
        statement="The U.N. says at least 227 civilians were killed.",
        claimant_name="UN human rights office",
        value="227",
        qualifier="at_least",
        counted="civilians killed",
        place="Ukraine",
        as_of="2022-03-01",
    )
    assert [(m.claim, m.kind) for m in matches[:2]] == [
        (killed["ohchr"], "same_figure"),
        (killed["ukraine"], "same_quantity"),
    ]
    data = as_data(matches)["matches"]
    assert data[0] == {
        "claim": killed["ohchr"].pk,
        "kind": "same_figure",
        "score": data[0]["score"],
        "statement": killed["ohchr"].statement,
        "status": killed["ohchr"].status,
        "url": f"http://127.0.0.1:8000/claims/{killed['ohchr'].pk}/",
        "api_url": f"http://127.0.0.1:8000/api/v1/claims/{killed['ohchr'].pk}/",
    }
    assert 0.75 <= data[0]["score"] <= 1 and data[0]["score"] > data[1]["score"]


def test_find_matches_takes_a_claimant_id_and_a_limit(killed):
    matches = find_matches(
        statement="At least 227 civilians killed",
        claimant=killed["ohchr"].claimant_id,
        value=227,
        qualifier="at_least",
        counted="civilians killed",
        place="Ukraine",
        as_of=date(2022, 3, 1),
        exclude=killed["ohchr"].pk,
        limit=1,
    )
    assert [m.claim for m in matches] == [killed["ukraine"]]


def test_matches_for_each_are_those_of_find_matches_in_fewer_queries(killed):
    from django.test.utils import CaptureQueriesContext

    probes = {
        "by name": {
            "statement": "The U.N. says at least 227 civilians were killed.",
            "claimant_name": "  ohchr ",  # found ignoring case and spaces, as find_matches does
            "value": "227",
            "qualifier": "at_least",
            "counted": "civilians killed",
            "place": "Ukraine",
            "as_of": "2022-03-01",
        },
        "by claimant": {
            "statement": "At least 227 civilians killed",
            "claimant": killed["ohchr"].claimant,
            "value": 227,
            "qualifier": "at_least",
            "counted": "civilians killed",
            "place": "Ukraine",
            "as_of": date(2022, 3, 1),
            "exclude": killed["ohchr"].pk,
        },
        "unreadable": {"statement": "x", "value": "lots", "counted": "refugees"},
    }
    with CaptureQueriesContext(connection) as batched:
        found = find_matches_for_each(probes)
    assert found["unreadable"] == []
    for key in ("by name", "by claimant"):
        alone = find_matches(**probes[key])
        assert alone, key
        assert [(m.claim, m.kind, m.score) for m in found[key]] == [
            (m.claim, m.kind, m.score) for m in alone
        ]
    assert killed["ohchr"] not in [m.claim for m in found["by claimant"]]
    # One claimant query and one load for all; the rest are each probe's candidates.
    with CaptureQueriesContext(connection) as one:
        find_matches_for_each({"by name": probes["by name"]})
    assert len(batched) <= len(one) - 2 + len(one) - 2 + 2


def test_a_claim_page_never_matches_itself(killed):
    assert killed["ohchr"] not in [m.claim for m in matches_for_claim(killed["ohchr"])]
    assert killed["ukraine"] in [m.claim for m in matches_for_claim(killed["ohchr"])]


def test_find_matches_refuses_values_it_cannot_read():
    with pytest.raises(ValueError):
        find_matches(statement="x", value="lots", counted="refugees")


def test_the_index_follows_edits_and_deletes(killed):
    probe = ClaimFields.from_values(statement="Bombardment destroyed Mariupol theatre")
    assert probe_ids(probe) == set()
    Claim.objects.filter(pk=killed["refugees"].pk).update(
        statement="A bombardment destroyed the Mariupol theatre"
    )
    assert probe_ids(probe) == {killed["refugees"].pk}
    Claim.objects.filter(pk=killed["refugees"].pk).delete()
    assert probe_ids(probe) == set()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sqlite_fts_table_survives_a_flush():
    """Transactional tests and `flush` empty the claims with DELETE on SQLite: the FTS5 table
    must be emptied with them (through its triggers) and keep working afterwards."""
    ClaimFactory(statement="Zaporizhzhia plant shelled repeatedly overnight")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    probe = ClaimFields.from_values(statement="Zaporizhzhia plant shelled repeatedly")
    assert probe_ids(probe) == set()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM factcheck_claim_fts")
            assert cursor.fetchone()[0] == 0
    # The flush may reset the claim numbers: a stale row would then clash with the new one.
    second = ClaimFactory(statement="Zaporizhzhia plant shelled repeatedly overnight")
    assert probe_ids(probe) == {second.pk}
