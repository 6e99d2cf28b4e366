"""Reads for the article intake: the articles list, and an article laid out for review (its
paragraphs with every draft highlighted in place, each paragraph's drafts beside it).

The highlighted text is built here, on the server, from escaped text and <mark> elements of
our own: the article's words never become markup, and the page needs no script to show them.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from factcheck.claims.validation import clean_claim_values
from factcheck.intake.extraction.sentences import split_sentences
from factcheck.matching.selectors import ClaimMatch, find_matches, find_matches_for_each
from factcheck.models import FIGURE_FIELDS, Article, Claimant, DraftedClaim, DraftState

# The values of a draft that matching compares (factcheck.matching.selectors.find_matches).
MATCHED_FIELDS = ("statement", *FIGURE_FIELDS)


def articles_with_counts() -> QuerySet:
    """Articles, newest first, each with `pending`, `accepted` and `rejected` draft counts."""
    counts = {
        state: Count("drafts", filter=Q(drafts__state=state))
        for state in (DraftState.PENDING, DraftState.ACCEPTED, DraftState.REJECTED)
    }
    return (
        Article.objects.select_related("uploaded_by")
        .annotate(**counts)
        .order_by("-created_at", "-id")
    )


@dataclass
class Paragraph:
    """A paragraph of the article: its text with the drafts marked (`html`), its drafts in
    order, and its sentences as (start, end, text) for drafting one by hand."""

    start: int
    end: int
    html: SafeString = ""
    drafts: list = field(default_factory=list)
    sentences: list = field(default_factory=list)


def article_drafts(article: Article) -> list[DraftedClaim]:
    """The article's drafts in text order, numbered from 1 (`number`), with who decided them
    and the claim filed from them."""
    drafts = list(
        article.drafts.select_related("decided_by", "claim").order_by("start", "end", "id")
    )
    for number, draft in enumerate(drafts, 1):
        draft.number = number
    return drafts


def next_pending_draft(draft: DraftedClaim) -> DraftedClaim | None:
    """The article's next draft to review after `draft` in text order (`article_drafts`'s),
    else its first other one still pending; None when no other is pending. One query."""
    pending = list(
        DraftedClaim.objects.filter(article_id=draft.article_id, state=DraftState.PENDING)
        .exclude(pk=draft.pk)
        .order_by("start", "end", "id")
        .only("id", "start", "end")
    )
    here = (draft.start, draft.end, draft.pk)
    later = [d for d in pending if (d.start, d.end, d.pk) > here]
    return (later or pending or [None])[0]


def review_paragraphs(article: Article, drafts: list[DraftedClaim]) -> list[Paragraph]:
    """The article's non-empty lines as Paragraphs, each draft in the paragraph where its
    quote starts (`drafts` as `article_drafts` gives them)."""
    text = article.text
    paragraphs, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(offset, offset + len(line)))
        offset += len(line) + 1
    for draft in drafts:
        for paragraph in paragraphs:
            if paragraph.start <= draft.start <= paragraph.end:
                paragraph.drafts.append(draft)
                break
    drafted = {(d.sentence_start, d.sentence_end) for d in drafts}
    sentences = split_sentences(text)
    for paragraph in paragraphs:
        paragraph.html = marked_text(text, paragraph.start, paragraph.end, paragraph.drafts)
        paragraph.sentences = [
            (s.start, s.end, s.text, (s.start, s.end) in drafted)
            for s in sentences
            if paragraph.start <= s.start < paragraph.end
        ]
    return paragraphs


def sentence_anchor(draft: DraftedClaim) -> str:
    """The id of the draft's sentence on the review page ("sentence-<start>-<end>"): the claim
    page links there, so the sentence is scrolled to and highlighted (CSS :target)."""
    return f"sentence-{draft.sentence_start}-{draft.sentence_end}"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    draft: DraftedClaim
    sentence: bool  # the draft's whole sentence (a <span>), else its quote (a <mark>)


def marked_text(text: str, start: int, end: int, drafts: list[DraftedClaim]) -> SafeString:
    """text[start:end] escaped, each draft's quote in a <mark> (id "mark-<draft id>", class by
    state) followed by its number linking to the draft, and each drafted sentence in a <span>
    (id `sentence_anchor`) holding its marks. A quote inside another nests; one that crosses
    another's edge is left unmarked (its draft still shows its quote)."""
    sentences = {}
    for d in drafts:
        sentences.setdefault((d.sentence_start, d.sentence_end), d)
    spans = [_Span(d.start, d.end, d, False) for d in drafts] + [
        _Span(s, e, d, True) for (s, e), d in sentences.items()
    ]
    spans = sorted(
        (
            span
            for span in spans
            if start <= span.start and span.end <= end and span.start < span.end
        ),
        # A sentence holds the quotes that start where it starts, even one as long as itself.
        key=lambda span: (span.start, -span.end, not span.sentence, span.draft.pk),
    )
    html, _ = _marked(text, start, end, spans, 0)
    return html


def _marked(text, start, end, spans, index):
    parts, position = [], start
    while index < len(spans) and spans[index].start < end:
        span = spans[index]
        if span.start < position or span.end > end:
            index += 1  # crosses a mark already placed
            continue
        parts.append(escape(text[position : span.start]))
        inner, index = _marked(text, span.start, span.end, spans, index + 1)
        parts.append(_span_html(span, inner))
        position = span.end
    parts.append(escape(text[position:end]))
    # Every part is already safe (escaped text or our markup), so joining escapes nothing twice.
    return format_html_join("", "{}", ((part,) for part in parts)), index


def _span_html(span, inner):
    draft = span.draft
    if span.sentence:
        return format_html(
            '<span id="{}" class="draft-sentence" tabindex="-1">{}</span>',
            sentence_anchor(draft),
            inner,
        )
    return format_html(
        '<mark id="mark-{}" class="draft-mark draft-{}">{}</mark>'
        '<a class="draft-ref" href="#draft-{}" aria-label="Draft {}">{}</a>',
        draft.pk,
        draft.state,
        inner,
        draft.pk,
        draft.number,
        draft.number,
    )


def claim_origin(claim) -> dict | None:
    """Where a claim filed from an article comes from, for its page: {"draft" (its article
    loaded), "sentence" (`origin_sentence`), "anchor" (`sentence_anchor`)}; None for a claim
    typed in or imported. No query when `drafted_from__article` was selected with the claim."""
    try:
        draft = claim.drafted_from
    except DraftedClaim.DoesNotExist:
        return None
    return {"draft": draft, "sentence": origin_sentence(draft), "anchor": sentence_anchor(draft)}


def origin_sentence(draft: DraftedClaim) -> SafeString:
    """The sentence a claim was drafted from (`draft.article` loaded), escaped, its quote in
    a <mark>: what the claim page shows as where the article says it."""
    text = draft.article.text
    start, end = draft.sentence_start, draft.sentence_end
    if not 0 <= start <= draft.start <= draft.end <= end <= len(text):
        return escape(draft.quote)  # offsets the text no longer fits: the quote alone
    return format_html(
        "{}<mark>{}</mark>{}",
        text[start : draft.start],
        text[draft.start : draft.end],
        text[draft.end : end],
    )


def matching_claimants(names) -> dict[str, Claimant]:
    """{name in lower case: Claimant} for the names (str) that name a claimant, ignoring case;
    one query."""
    wanted = {" ".join(name.split()).lower() for name in names if name and name.strip()}
    if not wanted:
        return {}
    found = Claimant.objects.annotate(low=Lower("name")).filter(low__in=wanted)
    return {claimant.low: claimant for claimant in found}


def claimant_names(limit: int = 1000) -> list[str]:
    """Claimant names for the claimant fields' suggestions: the most-cited first."""
    return list(
        Claimant.objects.annotate(n=Count("claims"))
        .order_by("-n", "name")
        .values_list("name", flat=True)[:limit]
    )


def drafted_claimant(draft: DraftedClaim, article: Article) -> str:
    """Whose claim the draft is: the claimant the article names, else the publisher (a figure
    the article attributes to nobody is the publication's own claim)."""
    return draft.claimant_name or article.publisher


def draft_matches(
    article: Article, drafts: list[DraftedClaim], known: dict[str, Claimant] | None = None
) -> dict[int, list[ClaimMatch]]:
    """{draft id: the existing claims it matches, best first} for each pending draft of
    `article`, as the New claim form would look them up (`find_matches`) with the values
    drafted; decided drafts cost nothing. `known` is `matching_claimants` of the drafts'
    claimants (looked up if None), so a claimant already in the desk costs no query. One
    batched lookup (`find_matches_for_each`): each draft's candidates (one query on
    PostgreSQL, up to three on SQLite), plus two queries however many drafts and matches."""
    pending = [draft for draft in drafts if draft.state == DraftState.PENDING]
    if known is None:
        known = matching_claimants(drafted_claimant(d, article) for d in pending)
    probes = {}
    for draft in pending:
        name = drafted_claimant(draft, article)
        claimant = known.get(" ".join(name.split()).lower())
        probes[draft.pk] = {
            "claimant": claimant,
            "claimant_name": "" if claimant else name,
            **{field: getattr(draft, field) for field in MATCHED_FIELDS},
        }
    return find_matches_for_each(probes)


def corrected_draft_matches(values, claimant: str) -> list[ClaimMatch]:
    """The existing claims a draft as corrected would match: `values` maps field names to
    text as typed (the draft form's), `claimant` a name. Judged by the claim form's rules
    first (`clean_claim_values`): values they refuse match nothing here, since the filing
    service refuses them with its own messages."""
    raw = {name: str(values.get(name) or "") for name in MATCHED_FIELDS}
    cleaned, problems = clean_claim_values(raw)
    if problems:
        return []
    return _matches(
        claimant_name=" ".join(str(claimant or "").split()),
        **{name: cleaned[name] for name in MATCHED_FIELDS},
    )


def _matches(**probe) -> list[ClaimMatch]:
    try:
        return find_matches(**probe)
    except ValueError:
        # A draft the engine could not give a reading matching accepts (a value without a
        # qualifier, say) matches nothing rather than breaking the page.
        return []
