"""The review page's text: escaped words, our own <mark>s around each draft's quote and an
anchor around each drafted sentence; the sentence a claim page quotes; the next draft."""

from types import SimpleNamespace

import pytest

from factcheck.intake import services
from factcheck.intake.selectors import marked_text, next_pending_draft, origin_sentence
from tests.intake.test_services import make_article


def draft(pk, start, end, state="pending", sentence=(0, 0)):
    return SimpleNamespace(
        pk=pk,
        start=start,
        end=end,
        state=state,
        number=pk,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
    )


def test_each_quote_is_marked_and_the_rest_escaped():
    text = "<b>About 40</b> died & 12 fled."
    html = marked_text(text, 0, len(text), [draft(1, 3, 11), draft(2, 23, 25, "accepted")])
    assert html == (
        '&lt;b&gt;<mark id="mark-1" class="draft-mark draft-pending">About 40</mark>'
        '<a class="draft-ref" href="#draft-1" aria-label="Draft 1">1</a>&lt;/b&gt; died &amp; '
        '<mark id="mark-2" class="draft-mark draft-accepted">12</mark>'
        '<a class="draft-ref" href="#draft-2" aria-label="Draft 2">2</a> fled.'
    )


def test_each_drafted_sentence_is_an_anchor_around_its_quotes_once():
    text = "About 40 died. Then 12 fled & 3 hid."
    first, second = (0, 14), (15, 36)
    drafts = [
        draft(1, 0, 8, sentence=first),
        draft(2, 20, 22, sentence=second),
        draft(3, 30, 31, sentence=second),
    ]
    html = marked_text(text, 0, len(text), drafts)
    assert html.startswith(
        '<span id="sentence-0-14" class="draft-sentence" tabindex="-1"><mark id="mark-1"'
    )
    assert html.count('id="sentence-15-36"') == 1
    later = html[html.index('id="sentence-15-36"') :]
    assert later.index('id="mark-2"') < later.index('id="mark-3"') < later.index("</span>")
    assert "fled &amp; " in later


def test_a_sentence_drafted_by_hand_holds_its_own_mark():
    text = "The bridge survived."
    html = marked_text(text, 0, len(text), [draft(1, 0, 20, sentence=(0, 20))])
    assert html.startswith('<span id="sentence-0-20" class="draft-sentence" tabindex="-1">')
    assert html.index("<mark") < html.index("</mark>") < html.index("</span>")


def test_a_quote_inside_another_nests_and_one_crossing_its_edge_is_left_unmarked():
    text = "Some 40 died and 12 fled."
    html = marked_text(text, 0, len(text), [draft(1, 0, 25), draft(2, 5, 7), draft(3, 20, 30)])
    assert html.count("<mark") == 2
    assert html.index('id="mark-2"') > html.index('id="mark-1"')
    assert html.index('id="mark-2"') < html.index("</mark>")
    assert 'id="mark-3"' not in html


def test_the_claim_page_sentence_is_escaped_with_its_quote_marked():
    article = SimpleNamespace(text="Intro.\nAbout <40> died, the mayor said. More later.")
    start = article.text.index("About")
    quote = SimpleNamespace(
        article=article,
        start=start,
        end=start + 10,
        sentence_start=start,
        sentence_end=article.text.index(" More"),
        quote="About <40>",
    )
    assert origin_sentence(quote) == "<mark>About &lt;40&gt;</mark> died, the mayor said."
    quote.sentence_end = 999  # offsets the text does not hold: the quote alone, escaped
    assert origin_sentence(quote) == "About &lt;40&gt;"


@pytest.mark.django_db
def test_the_next_draft_is_the_next_pending_one_in_the_text_then_the_first(editor):
    article = make_article(editor)
    first, second, third = article.drafts.order_by("start")[:3]
    assert next_pending_draft(first) == second
    services.reject_draft(draft=second, actor=editor)
    assert next_pending_draft(first) == third
    last = article.drafts.order_by("start").last()
    assert next_pending_draft(last) == first
    for other in article.drafts.exclude(pk=last.pk).filter(state="pending"):
        services.reject_draft(draft=other, actor=editor)
    assert next_pending_draft(last) is None
