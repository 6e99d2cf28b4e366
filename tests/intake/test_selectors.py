"""The review page's text: escaped words, our own <mark>s around each draft's quote."""

from types import SimpleNamespace

from factcheck.intake.selectors import marked_text


def draft(pk, start, end, state="pending"):
    return SimpleNamespace(pk=pk, start=start, end=end, state=state, number=pk)


def test_each_quote_is_marked_and_the_rest_escaped():
    text = "<b>About 40</b> died & 12 fled."
    html = marked_text(text, 0, len(text), [draft(1, 3, 11), draft(2, 23, 25, "accepted")])
    assert html == (
        '&lt;b&gt;<mark id="mark-1" class="draft-mark draft-pending">About 40</mark>'
        '<a class="draft-ref" href="#draft-1" aria-label="Draft 1">1</a>&lt;/b&gt; died &amp; '
        '<mark id="mark-2" class="draft-mark draft-accepted">12</mark>'
        '<a class="draft-ref" href="#draft-2" aria-label="Draft 2">2</a> fled.'
    )


def test_a_quote_inside_another_nests_and_one_crossing_its_edge_is_left_unmarked():
    text = "Some 40 died and 12 fled."
    html = marked_text(text, 0, len(text), [draft(1, 0, 25), draft(2, 5, 7), draft(3, 20, 30)])
    assert html.count("<mark") == 2
    assert html.index('id="mark-2"') > html.index('id="mark-1"')
    assert html.index('id="mark-2"') < html.index("</mark>")
    assert 'id="mark-3"' not in html
