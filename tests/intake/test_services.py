"""The intake's services: storing an article with its drafts, filing and rejecting drafts
through the claim services, drafting a sentence by hand, and the drafts as plain dicts."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from factcheck.errors import DraftDecided, DuplicateClaim, InvalidInput, NotPermitted
from factcheck.intake import services
from factcheck.models import (
    Article,
    Claim,
    Claimant,
    DraftedClaim,
    DraftOrigin,
    DraftState,
    Qualifier,
)
from tests.factories import ClaimantFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Floods leave thousands homeless\n"
    "More than 2,300 people have been displaced by floods in Lorvan, the regional "
    "governor said on Tuesday. Hundreds of homes were destroyed.\n"
    "The river rose 3 metres in 2019, residents recall."
)
PUBLISHED = date(2024, 5, 9)  # a Thursday: "on Tuesday" is 7 May


def make_article(user, text=ARTICLE, **extra):
    return services.create_article(
        actor=user,
        text=text,
        title="Floods leave thousands homeless",
        published=PUBLISHED,
        url="https://example.org/floods",
        publisher="Lorvan Courier",
        **extra,
    )


def draft_with(article, value):
    return article.drafts.get(value=Decimal(value))


def same_claim_on_the_desk(draft, *, claimant):
    """A claim already on the desk that is the claim `draft` would file from `claimant`: same
    statement, claimant, figure and date (factcheck.claims.duplicates)."""
    return ClaimFactory(
        statement=draft.statement,
        claimant=ClaimantFactory(name=claimant),
        value=draft.value,
        counted=draft.counted,
        as_of=draft.as_of,
    )


def values_of(draft, **changes):
    return {
        "statement": draft.statement,
        "value": str(draft.value),
        "value_high": "",
        "qualifier": draft.qualifier,
        "unit": draft.unit,
        "counted": draft.counted,
        "place": draft.place,
        "as_of": draft.as_of.isoformat() if draft.as_of else "",
        "methodology_notes": "",
        **changes,
    }


def test_an_article_is_stored_with_its_figure_claims_drafted_in_place(reporter):
    article = make_article(reporter)
    drafts = list(article.drafts.order_by("start"))
    assert [(d.value, d.qualifier, d.unit, d.vague) for d in drafts] == [
        (Decimal(2000), Qualifier.AT_LEAST, "", True),  # "thousands" in the headline
        (Decimal(2300), Qualifier.MORE_THAN, "", False),
        (Decimal(200), Qualifier.AT_LEAST, "", True),
        (Decimal(3), Qualifier.EXACT, "m", False),
    ]
    _, displaced, homes, _ = drafts
    assert article.text[displaced.start : displaced.end] == displaced.quote == "More than 2,300"
    sentence = article.text[displaced.sentence_start : displaced.sentence_end]
    assert sentence.startswith("More than 2,300") and sentence.endswith("on Tuesday.")
    assert displaced.as_of == date(2024, 5, 7)
    assert homes.vague and homes.state == DraftState.PENDING
    assert not article.drafts.filter(quote__contains="2019").exists()


def test_pasted_text_is_stored_with_plain_line_ends_and_no_control_characters(editor):
    article = make_article(editor, text="Headline\r\n\r\n\r\n\r\nAbout 40 people\x00 died.\r\n")
    assert article.text == "Headline\n\nAbout 40 people died."
    draft = article.drafts.get()
    assert article.text[draft.start : draft.end] == draft.quote


def test_a_viewer_cannot_take_in_articles(viewer):
    with pytest.raises(NotPermitted):
        make_article(viewer)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "   "}, "text"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"title": " "}, "title"),
    ],
)
def test_an_article_with_a_problem_is_refused_with_the_field_to_fix(editor, changes, field):
    arguments = {"text": ARTICLE, "title": "T", "published": PUBLISHED, "url": "", **changes}
    with pytest.raises(InvalidInput) as refused:
        services.create_article(actor=editor, **arguments)
    assert field in {p.field for p in refused.value.problems}
    assert not Article.objects.exists()


def test_accepting_files_the_corrected_claim_with_its_article_as_source(editor):
    article = make_article(editor)
    draft = draft_with(article, 2300)
    claim = services.accept_draft(
        draft=draft,
        actor=editor,
        values=values_of(draft, counted="people displaced by floods", place="Lorvan"),
        claimant="Lorvan regional governor",
        claimant_kind="government",
    )
    assert (claim.value, claim.qualifier, claim.counted) == (
        Decimal(2300),
        Qualifier.MORE_THAN,
        "people displaced by floods",
    )
    assert claim.claimant.name == "Lorvan regional governor"
    assert claim.claimant.kind == "government"
    assert (claim.source_url, claim.source_title, claim.source_date) == (
        "https://example.org/floods",
        "Floods leave thousands homeless",
        PUBLISHED,
    )
    assert claim.created_by == editor and claim.status == "unverified"
    draft.refresh_from_db()
    assert (draft.state, draft.claim, draft.decided_by) == (DraftState.ACCEPTED, claim, editor)
    assert claim.drafted_from.article == article


def test_the_claimant_is_matched_to_an_existing_one_ignoring_case(editor):
    governor = ClaimantFactory(name="Lorvan Regional Governor")
    article = make_article(editor)
    draft = draft_with(article, 2300)
    claim = services.accept_draft(
        draft=draft, actor=editor, values=values_of(draft), claimant="lorvan regional  governor"
    )
    assert claim.claimant == governor
    assert Claimant.objects.count() == 1


def test_a_vague_figure_is_filed_as_at_least_with_a_note(editor):
    article = make_article(editor)
    draft = draft_with(article, 200)
    claim = services.accept_draft(
        draft=draft, actor=editor, values=values_of(draft), claimant="Governor", vague=True
    )
    assert (claim.value, claim.qualifier) == (Decimal(200), Qualifier.AT_LEAST)
    assert "Vague in the article (“Hundreds”)" in claim.methodology_notes


@pytest.mark.parametrize(
    ("changes", "claimant", "field"),
    [
        ({"qualifier": ""}, "Governor", "qualifier"),
        ({"counted": ""}, "Governor", "counted"),
        ({"value": "lots"}, "Governor", "value"),
        ({"value_high": "10"}, "Governor", "value_high"),
        ({"as_of": "9999-01-01"}, "Governor", "as_of"),
        ({}, "  ", "claimant"),
        ({"statement": ""}, "Governor", "statement"),
    ],
)
def test_filing_applies_the_claim_forms_rules(editor, changes, claimant, field):
    draft = draft_with(make_article(editor), 2300)
    with pytest.raises(InvalidInput) as refused:
        services.accept_draft(
            draft=draft, actor=editor, values=values_of(draft, **changes), claimant=claimant
        )
    assert field in {p.field for p in refused.value.problems}
    draft.refresh_from_db()
    assert draft.state == DraftState.PENDING
    assert not Claim.objects.exists()


def test_a_duplicate_is_filed_only_when_the_editor_names_the_claim_they_were_shown(editor):
    draft = draft_with(make_article(editor), 2300)
    existing = same_claim_on_the_desk(draft, claimant="Governor")
    arguments = {
        "draft": draft,
        "actor": editor,
        "values": values_of(draft),
        "claimant": "Governor",
    }
    with pytest.raises(DuplicateClaim) as warned:
        services.accept_draft(**arguments)
    assert warned.value.claim == existing
    with pytest.raises(DuplicateClaim):
        services.accept_draft(**arguments, file_duplicate_of=existing.pk + 1)
    claim = services.accept_draft(**arguments, file_duplicate_of=existing.pk)
    assert Claim.objects.count() == 2 and claim != existing


TWO_FIGURES = "At least 1,500 people were killed and 3,000 wounded, the health ministry said."


def test_two_figures_from_one_sentence_are_two_claims_and_filing_one_again_warns(editor):
    article = make_article(editor, text=TWO_FIGURES)
    killed, wounded = draft_with(article, 1500), draft_with(article, 3000)
    assert killed.statement == wounded.statement
    first = services.accept_draft(
        draft=killed, actor=editor, values=values_of(killed), claimant="Health ministry"
    )
    second = services.accept_draft(
        draft=wounded, actor=editor, values=values_of(wounded), claimant="Health ministry"
    )
    assert {first.value, second.value} == {Decimal(1500), Decimal(3000)}
    # The same figure from the same sentence, filed again (from a second copy of the article).
    again = draft_with(make_article(editor, text=TWO_FIGURES), 1500)
    with pytest.raises(DuplicateClaim) as warned:
        services.accept_draft(
            draft=again, actor=editor, values=values_of(again), claimant="health Ministry"
        )
    assert warned.value.claim == first
    assert Claim.objects.count() == 2


def test_a_draft_is_decided_once(editor, reporter):
    draft = draft_with(make_article(editor), 2300)
    services.reject_draft(draft=draft, actor=reporter)
    with pytest.raises(DraftDecided, match="reporter has already rejected"):
        services.accept_draft(draft=draft, actor=editor, values=values_of(draft), claimant="G")
    services.restore_draft(draft=draft, actor=editor)
    services.accept_draft(draft=draft, actor=editor, values=values_of(draft), claimant="G")
    with pytest.raises(DraftDecided, match="already filed"):
        services.reject_draft(draft=draft, actor=editor)
    with pytest.raises(DraftDecided):
        services.restore_draft(draft=draft, actor=editor)
    assert Claim.objects.count() == 1


def test_a_viewer_can_neither_file_nor_reject(editor, viewer):
    draft = draft_with(make_article(editor), 2300)
    with pytest.raises(NotPermitted):
        services.accept_draft(draft=draft, actor=viewer, values=values_of(draft), claimant="G")
    with pytest.raises(NotPermitted):
        services.reject_draft(draft=draft, actor=viewer)
    draft.refresh_from_db()
    assert draft.state == DraftState.PENDING


def test_any_sentence_can_be_drafted_by_hand_once(editor):
    article = make_article(editor)
    at = article.text.index("The river rose")
    draft = services.draft_sentence(article=article, actor=editor, start=at + 5)
    assert draft.origin == DraftOrigin.BY_HAND
    assert draft.statement == "The river rose 3 metres in 2019, residents recall."
    assert article.text[draft.start : draft.end] == draft.statement
    # dated as the engine dates the sentence's figure ("in 2019")
    assert (draft.value, draft.as_of) == (None, date(2019, 12, 31))
    again = services.draft_sentence(article=article, actor=editor, start=at, end=at + 10)
    assert again == draft


def test_a_sentence_drafted_by_hand_gets_its_claimant_and_date_from_its_neighbours(editor):
    article = make_article(editor)
    at = article.text.index("Hundreds of homes")
    draft = services.draft_sentence(article=article, actor=editor, start=at)
    # "..., the regional governor said on Tuesday. Hundreds of homes were destroyed."
    assert (draft.claimant_name, draft.as_of) == ("regional governor", date(2024, 5, 7))


def test_a_selection_across_sentences_drafts_them_together(editor):
    article = make_article(editor)
    start, end = article.text.index("governor"), article.text.index("homes")
    draft = services.draft_sentence(article=article, actor=editor, start=start, end=end)
    assert draft.statement.startswith("More than 2,300") and draft.statement.endswith("destroyed.")


@pytest.mark.parametrize(("start", "end"), [(-1, None), (5, 4), (10_000, None)])
def test_drafting_outside_the_text_is_refused(editor, start, end):
    article = make_article(editor)
    with pytest.raises(InvalidInput):
        services.draft_sentence(article=article, actor=editor, start=start, end=end)


def test_draft_claims_gives_the_commands_json_shape_and_matches_the_desks_claimants():
    ClaimantFactory(name="UNHCR")
    [draft] = services.draft_claims(
        text="About 1.5 million people have fled, according to UNHCR.",
        published=date(2022, 3, 6),
    )
    assert draft == {
        "quote": "About 1.5 million",
        "start": 0,
        "end": 17,
        "statement": "About 1.5 million people have fled, according to UNHCR.",
        "claimant": "UNHCR",
        "value": 1500000,
        "value_high": None,
        "qualifier": "approximately",
        "unit": "",
        "counted": "refugees",
        "place": "",
        "as_of": "2022-03-06",
        "vague": False,
    }
    assert services.draft_claims(text="Nothing here.", known_claimants=[]) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_filing_one_draft_at_once_file_one_claim(on_postgres):
    editors = [UserFactory(username=f"intake{n}", role="Editor") for n in range(2)]
    draft = draft_with(make_article(editors[0]), 2300)
    barrier, outcomes = threading.Barrier(2), []

    def attempt(editor):
        try:
            barrier.wait()
            services.accept_draft(draft=draft, actor=editor, values=values_of(draft), claimant="G")
            outcomes.append("filed")
        except DraftDecided:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["filed", "refused"]
    assert Claim.objects.count() == 1
    assert DraftedClaim.objects.get(pk=draft.pk).claim == Claim.objects.get()
