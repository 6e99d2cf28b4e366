from datetime import date
from decimal import Decimal

import pytest

from factcheck.models import Claim, Claimant, Status
from factcheck.tracker.spread import describe_spread, latest_confirmed

UN = Claimant(pk=1, name="UN human rights office (OHCHR)")
UKRAINE = Claimant(pk=2, name="Government of Ukraine")
PRESS = Claimant(pk=3, name="The Associated Press")

_ids = iter(range(1, 10_000))


def figure(claimant, value, qualifier="exact", *, high=None, as_of=None, status="unverified"):
    claim = Claim(
        pk=next(_ids),
        claimant=claimant,
        value=Decimal(value),
        value_high=Decimal(high) if high is not None else None,
        qualifier=qualifier,
        counted="civilians killed",
        as_of=as_of,
    )
    claim.status = status
    return claim


def confirmed(value, qualifier="at_least", **kwargs):
    return figure(UN, value, qualifier, status=Status.CONFIRMED, **kwargs)


def test_the_articles_spread():
    claims = [
        confirmed(227, as_of=date(2022, 3, 1)),
        figure(UKRAINE, 2000, "more_than", as_of=date(2022, 3, 2), status=Status.UNVERIFIABLE),
    ]
    assert describe_spread(claims).text == (
        "Government of Ukraine’s figure, more than 2,000 (as of 2 Mar 2022, unverifiable), is "
        "more than 8.8 times the latest confirmed count, at least 227 "
        "(UN human rights office (OHCHR), as of 1 Mar 2022)."
    )


@pytest.mark.parametrize(
    ("qualifier", "words"),
    [
        ("exact", "is 8.8 times"),
        ("at_least", "is at least 8.8 times"),
        ("more_than", "is more than 8.8 times"),
        ("approximately", "is about 8.8 times"),
        ("up_to", "is up to 8.8 times"),
        ("fewer_than", "is less than 8.8 times"),
    ],
)
def test_the_ratio_carries_the_claims_qualifier(qualifier, words):
    text = describe_spread([confirmed(227), figure(UKRAINE, 2000, qualifier)]).text
    assert f"{words} the latest confirmed count" in text


def test_small_spreads_are_percentages_and_large_ones_whole_times():
    assert "is 25% higher than the latest" in (
        describe_spread([confirmed(1000), figure(UKRAINE, 1250)]).text
    )
    assert "is 44 times the latest" in describe_spread([confirmed(50), figure(UKRAINE, 2200)]).text


def test_a_claimed_range_gives_a_range_of_ratios():
    text = describe_spread([confirmed(227), figure(UKRAINE, 2000, high=3000)]).text
    assert "figure, 2,000–3,000 (unverified), is 8.8 to 13 times the latest confirmed count" in text


def test_a_confirmed_range_is_compared_end_to_end():
    # 2,000 against 200–250: at least 2000/250 = 8, at most 2000/200 = 10.
    claims = [confirmed(200, "exact", high=250), figure(UKRAINE, 2000)]
    assert "is 8 to 10 times the latest confirmed count, 200–250" in describe_spread(claims).text


def test_a_range_around_the_confirmed_count_says_so():
    text = describe_spread([confirmed(227), figure(UKRAINE, 200, high=300)]).text
    assert "runs from below to above the latest confirmed count" in text


def test_nothing_above_the_confirmed_count():
    claims = [confirmed(500), figure(UKRAINE, 300)]
    assert describe_spread(claims).text.startswith(
        "No claimed figure is above the latest confirmed count, at least 500"
    )


def test_no_figures_at_all():
    assert describe_spread([]).text == "No figures are attached to this quantity yet."


def test_no_confirmed_figure_gives_the_range_of_claims():
    claims = [figure(UKRAINE, 2000, "more_than"), figure(PRESS, 1500, "approximately")]
    spread = describe_spread(claims)
    assert spread.confirmed is None
    assert spread.text == (
        "None of the 2 claimed figures has been independently confirmed yet. They range from "
        "about 1,500 (The Associated Press) to more than 2,000 (Government of Ukraine)."
    )


def test_a_single_unconfirmed_figure():
    text = describe_spread([figure(UKRAINE, 2000, "more_than", as_of=date(2022, 3, 2))]).text
    assert text == (
        "No figure has been independently confirmed yet. The only one claimed is Government of "
        "Ukraine’s: more than 2,000 (as of 2 Mar 2022, unverified)."
    )


def test_the_confirmed_count_alone():
    text = describe_spread([confirmed(227, as_of=date(2022, 3, 1))]).text
    assert text == (
        "The confirmed count, at least 227 (UN human rights office (OHCHR), as of 1 Mar 2022), "
        "is the only figure claimed."
    )


def test_one_claimant_only_says_so():
    claims = [
        confirmed(406, as_of=date(2022, 3, 6)),
        figure(UN, 1119, "at_least", as_of=date(2022, 3, 27), status=Status.IN_REVIEW),
    ]
    text = describe_spread(claims).text
    assert "figure, at least 1,119 (as of 27 Mar 2022, in review), is at least 2.8 times" in text
    assert text.endswith("All figures come from UN human rights office (OHCHR).")


def test_the_latest_confirmed_is_by_as_of_date_not_by_size():
    older, newer = confirmed(902, as_of=date(2022, 3, 20)), confirmed(636, as_of=date(2022, 3, 13))
    assert latest_confirmed([older, newer]) is older
    assert latest_confirmed([older, newer], as_of=date(2022, 3, 15)) is newer
    assert latest_confirmed([figure(UKRAINE, 2000)]) is None


def test_an_old_claim_is_also_compared_with_the_count_of_its_day():
    claims = [
        confirmed(227, as_of=date(2022, 3, 1)),
        confirmed(902, as_of=date(2022, 3, 20)),
        figure(UKRAINE, 2000, "more_than", as_of=date(2022, 3, 2)),
    ]
    text = describe_spread(claims).text
    assert "is more than 2.2 times the latest confirmed count, at least 902" in text
    assert text.endswith(
        "Against the count confirmed when it was made, at least 227 (as of 1 Mar 2022), "
        "it is more than 8.8 times that."
    )


def test_a_claimant_name_ending_in_s_takes_a_bare_apostrophe():
    claims = [confirmed(227), figure(Claimant(pk=9, name="United States and allies"), 2000)]
    assert describe_spread(claims).text.startswith("United States and allies’ figure")


def test_two_confirmed_figures_on_one_date_the_later_verdict_is_the_latest():
    from datetime import UTC, datetime

    day = date(2022, 3, 6)
    earlier = confirmed(406, as_of=day)
    earlier.verified_at = datetime(2022, 3, 7, 9, 0, tzinfo=UTC)
    later = confirmed(278, as_of=day)  # smaller, and added first: neither decides
    later.pk = 1
    later.verified_at = datetime(2022, 3, 7, 15, 0, tzinfo=UTC)
    assert latest_confirmed([earlier, later]) is later
    assert latest_confirmed([later, earlier]) is later


def test_a_confirmed_figure_is_never_compared_with_the_count_as_if_claimed():
    day = date(2022, 3, 6)
    claims = [confirmed(406, as_of=day), confirmed(278, as_of=day)]
    text = describe_spread(claims).text
    assert "higher than" not in text and "times" not in text
    assert "every figure attached is confirmed, so none is compared" in text
    claims.append(figure(UKRAINE, 2000, "more_than", as_of=day, status=Status.UNVERIFIABLE))
    assert describe_spread(claims).text.startswith("Government of Ukraine’s figure")
