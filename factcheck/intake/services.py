"""Article intake (issue 17): store an article, draft its figure claims, and file or reject
each draft.

Every path (the intake pages, the `extract_claims` command, the API to come) calls these.
Filing goes through the same rules and service as the New claim form: the claim's values are
judged by `factcheck.claims.validation`, the duplicate warning comes from
`factcheck.claims.duplicates`, and the claim is written by `factcheck.claims.services
.create_claim`.

Vague drafts ("hundreds of", "dozens of") are filed as the least the words allow with the
qualifier "at least" (the engine's reading: hundreds → at least 200), and the claim's
methodology notes say so (`vague_note`), so nobody mistakes 200 for a count the claimant gave.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from factcheck.claims.duplicates import find_duplicate
from factcheck.claims.services import create_claim
from factcheck.claims.validation import claimant_problems, clean_claim_values
from factcheck.errors import (
    DraftDecided,
    DuplicateClaim,
    InvalidInput,
    NotPermitted,
    Problem,
    validation_problems,
)
from factcheck.intake.article_text import MAX_TEXT_CHARS, tidy
from factcheck.intake.extraction import attribute_span, extract_claims
from factcheck.intake.extraction.sentences import split_sentences
from factcheck.models import (
    Article,
    Claim,
    Claimant,
    ClaimantKind,
    DraftedClaim,
    DraftOrigin,
    DraftState,
)
from factcheck.permissions import can_use_intake

# The values an editor files a draft with (text, as a form or an API client sends them).
FILED_FIELDS = ("statement", "value", "value_high", "qualifier", "unit", "counted", "place",
                "as_of", "methodology_notes")  # fmt: skip


def desk_claimant_names() -> list[str]:
    """The desk's claimant names, for the engine to match attributions to; [] when the
    database is not set up yet (the command may run before `migrate`)."""
    try:
        return list(Claimant.objects.values_list("name", flat=True))
    except DatabaseError:
        return []


def draft_claims(
    *, text: str, published: date | None = None, known_claimants: Iterable[str] | None = None
) -> list[dict]:
    """The figure claims of `text` as plain dicts, in the `extract_claims` command's JSON
    shape (the API answers the same): {"quote", "start", "end" (character offsets into
    `text`), "statement", "claimant", "value", "value_high" (int or float, or None),
    "qualifier" (a Qualifier code), "unit", "counted", "place", "as_of" (ISO date or None),
    "vague"}. `known_claimants` defaults to the desk's claimants. Writes nothing."""
    known = desk_claimant_names() if known_claimants is None else list(known_claimants)
    drafts = extract_claims(text, published=published, known_claimants=known)
    return [draft.as_json() for draft in drafts]


@transaction.atomic
def create_article(
    *,
    actor,
    text: str,
    title: str,
    published: date,
    url: str = "",
    publisher: str = "",
) -> Article:
    """Store an article (text tidied by `article_text.tidy`) and the figure claims the engine
    drafts from it, pending review. Raises NotPermitted, or InvalidInput listing each problem
    (empty or over-long text, an address that is not http(s), a missing title or date)."""
    if not can_use_intake(actor):
        raise NotPermitted("You do not have permission to use the article intake.")
    text = tidy(text)
    article = Article(
        text=text,
        title=title.strip(),
        published=published,
        url=url.strip(),
        publisher=" ".join(publisher.split()),
        uploaded_by=actor,
    )
    _check_article(article)
    article.save()
    sentences = split_sentences(text)
    drafts = extract_claims(text, published=published, known_claimants=desk_claimant_names())
    DraftedClaim.objects.bulk_create(
        DraftedClaim(
            article=article,
            **_sentence_span(sentences, draft.start, draft.end),
            start=draft.start,
            end=draft.end,
            quote=draft.quote,
            statement=draft.statement,
            claimant_name=draft.claimant[:200],
            value=draft.value,
            value_high=draft.value_high,
            qualifier=draft.qualifier,
            unit=draft.unit[:20],
            counted=draft.counted[:200],
            place=draft.place[:200],
            as_of=draft.as_of,
            vague=draft.vague,
        )
        for draft in drafts
    )
    return article


def _check_article(article):
    problems = []
    if not article.text.strip():
        problems.append(
            Problem("Paste the article's text or upload its file.", code="required", field="text")
        )
    elif len(article.text) > MAX_TEXT_CHARS:
        problems.append(
            Problem(
                f"The text has {len(article.text):,} characters; the intake takes at most "
                f"{MAX_TEXT_CHARS:,}. Paste one article at a time.",
                code="text_too_long",
                field="text",
            )
        )
    try:
        article.full_clean(exclude=["text"])
    except ValidationError as error:
        problems += validation_problems(error)
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)


def _sentence_span(sentences, start, end):
    """The span of the sentences that hold [start, end) (a selection may cross sentences)."""
    inside = [s for s in sentences if s.start < max(end, start + 1) and start < s.end]
    if not inside:
        return {"sentence_start": start, "sentence_end": end}
    return {
        "sentence_start": min(inside[0].start, start),
        "sentence_end": max(inside[-1].end, end),
    }


@transaction.atomic
def draft_sentence(*, article: Article, actor, start: int, end: int | None = None) -> DraftedClaim:
    """A draft, by hand, of the sentence of `article` at character `start` (or of every
    sentence that [start, end) touches, for a selection), for the editor to fill in: the
    statement is the sentence; its claimant and as-of date are read as the engine reads its own
    drafts' (`attribute_span`: with the sentences around it, "It said ..." after "The
    ministry said ..." is the ministry's), else nobody and the publication date. Picking the same
    sentences twice gives the draft already made, while it is pending. Raises NotPermitted, or
    InvalidInput when the offsets fall outside the text or on no sentence."""
    if not can_use_intake(actor):
        raise NotPermitted("You do not have permission to use the article intake.")
    end = start if end is None else end
    if not 0 <= start <= end <= len(article.text):
        raise InvalidInput("Pick a sentence of the article.")
    span = _sentence_span(split_sentences(article.text), start, end)
    if (
        span["sentence_start"] == span["sentence_end"]
        or not article.text[span["sentence_start"] : span["sentence_end"]].strip()
    ):
        raise InvalidInput("Pick a sentence of the article.")
    existing = article.drafts.filter(
        origin=DraftOrigin.BY_HAND, state=DraftState.PENDING, **span
    ).first()
    if existing is not None:
        return existing
    sentence = article.text[span["sentence_start"] : span["sentence_end"]]
    claimant, as_of = attribute_span(
        article.text,
        span["sentence_start"],
        span["sentence_end"],
        published=article.published,
        known_claimants=desk_claimant_names(),
    )
    return DraftedClaim.objects.create(
        article=article,
        origin=DraftOrigin.BY_HAND,
        start=span["sentence_start"],
        end=span["sentence_end"],
        quote=sentence,
        statement=" ".join(sentence.split()),
        claimant_name=claimant[:200],
        as_of=as_of or article.published,
        **span,
    )


def vague_note(draft: DraftedClaim) -> str:
    """The methodology note a vague figure is filed with (see the module's docstring)."""
    return (
        f"Vague in the article (“{draft.quote}”): filed as the least the words allow. "
        "The claimant gave no exact figure."
    )


def _locked_pending(draft):
    current = (
        DraftedClaim.objects.select_for_update(of=("self",))
        .select_related("article", "decided_by")
        .get(pk=draft.pk)
    )
    if current.state != DraftState.PENDING:
        raise DraftDecided(current)
    return current


def _decide(draft, actor, state, claim=None):
    draft.state, draft.claim = state, claim
    draft.decided_by, draft.decided_at = actor, timezone.now()
    draft.save(update_fields=["state", "claim", "decided_by", "decided_at"])
    return draft


@transaction.atomic
def accept_draft(
    *,
    draft: DraftedClaim,
    actor,
    values: Mapping[str, str],
    claimant: str,
    claimant_kind: str = ClaimantKind.OTHER,
    vague: bool = False,
    file_duplicate_of: int | None = None,
) -> Claim:
    """File a pending draft as an unverified claim, as corrected by the editor.

    `values` maps FILED_FIELDS to text as typed (missing ones are empty); `claimant` is a
    name, matched to an existing claimant ignoring case or else created as `claimant_kind`.
    The claim's source is the article (address, title, publication date); a `vague` draft gets
    `vague_note` in its methodology notes. Raises NotPermitted; InvalidInput naming each
    problem's field (the claim form's rules); DuplicateClaim when the desk already holds the
    same claim, unless `file_duplicate_of` is that claim's id (the person saw the warning and
    chose to file anyway); DraftDecided when the draft was accepted or rejected meanwhile.
    On any of them nothing is written."""
    if not can_use_intake(actor):
        raise NotPermitted("You do not have permission to use the article intake.")
    current = _locked_pending(draft)
    data, name, kind = _filed_values(current, values, claimant, claimant_kind, vague)
    duplicate = find_duplicate(
        statement=data["statement"],
        claimant_name=name,
        value=data["value"],
        counted=data["counted"],
        as_of=data["as_of"],
    )
    if duplicate is not None and duplicate.pk != file_duplicate_of:
        raise DuplicateClaim(duplicate)
    article = current.article
    data.update(
        source_url=article.url, source_title=article.title[:300], source_date=article.published
    )
    claim = create_claim(actor=actor, data=data, new_claimant={"name": name, "kind": kind})
    _decide(current, actor, DraftState.ACCEPTED, claim)
    return claim


def _filed_values(draft, values, claimant, claimant_kind, vague):
    raw = {name: str(values.get(name) or "") for name in FILED_FIELDS}
    if vague and vague_note(draft) not in raw["methodology_notes"]:
        raw["methodology_notes"] = "\n\n".join(
            part for part in (raw["methodology_notes"].strip(), vague_note(draft)) if part
        )
    cleaned, problems = clean_claim_values(raw)
    name = " ".join(str(claimant or "").split())
    problems += claimant_problems(None, name)
    if len(name) > 200:
        problems.append(
            Problem(
                "Keep the claimant's name under 200 characters.",
                code="max_length",
                field="claimant",
            )  # fmt: skip
        )
    if claimant_kind not in ClaimantKind.values:
        problems.append(Problem("Pick a kind of claimant.", code="invalid_choice",
                                field="claimant_kind"))  # fmt: skip
    if not cleaned.get("statement"):
        problems.append(Problem("Say what was claimed.", code="required", field="statement"))
    if problems:
        raise InvalidInput(" ".join(problems), problems=problems)
    return cleaned, name, claimant_kind


@transaction.atomic
def reject_draft(*, draft: DraftedClaim, actor) -> DraftedClaim:
    """Mark a pending draft as not a claim to file. Raises NotPermitted or DraftDecided."""
    if not can_use_intake(actor):
        raise NotPermitted("You do not have permission to use the article intake.")
    return _decide(_locked_pending(draft), actor, DraftState.REJECTED)


@transaction.atomic
def restore_draft(*, draft: DraftedClaim, actor) -> DraftedClaim:
    """Put a rejected draft back to review (an accepted one stays: its claim exists). Raises
    NotPermitted or DraftDecided."""
    if not can_use_intake(actor):
        raise NotPermitted("You do not have permission to use the article intake.")
    current = (
        DraftedClaim.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .get(pk=draft.pk)
    )
    if current.state != DraftState.REJECTED:
        raise DraftDecided(current)
    current.state, current.decided_by, current.decided_at = DraftState.PENDING, None, None
    current.save(update_fields=["state", "decided_by", "decided_at"])
    return current
