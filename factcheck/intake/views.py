"""Pages of the article intake: paste or upload an article, review its drafted claims, file or
reject each, draft another sentence by hand. Thin: `factcheck.intake.services` decides."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView

from factcheck import permissions
from factcheck.errors import DraftDecided, DuplicateClaim, InvalidInput, NotPermitted, Refusal
from factcheck.intake import selectors, services
from factcheck.intake.article_text import text_from_upload
from factcheck.intake.forms import ArticleForm, DraftForm, draft_initial
from factcheck.matching import views as matching
from factcheck.models import Article, Claim, ClaimantKind, DraftedClaim, DraftState, is_storable_id

ARTICLES_PER_PAGE = 20


class IntakeView(PermissionRequiredMixin, FormView):
    """The Intake page: the article form and the articles already taken in."""

    permission_required = permissions.USE_INTAKE
    template_name = "intake/intake.html"
    form_class = ArticleForm

    def get_context_data(self, **kwargs):
        pages = Paginator(selectors.articles_with_counts(), ARTICLES_PER_PAGE)
        return super().get_context_data(
            articles=pages.get_page(self.request.GET.get("page")), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        text, title = data["text"], data["title"]
        try:
            if data["file"]:
                text, page_title = text_from_upload(
                    data=data["file"].read(), filename=data["file"].name
                )
                title = title or page_title
            article = services.create_article(
                actor=self.request.user,
                text=text,
                title=title,
                published=data["published"],
                url=data["url"],
                publisher=data["publisher"],
            )
        except InvalidInput as error:
            _show_problems(form, error)
            return self.form_invalid(form)
        found = article.drafts.count()
        messages.success(
            self.request,
            f"{found} figure claim{'s' if found != 1 else ''} drafted: check each, then file or "
            "reject it.",
        )
        return redirect(article)


def _show_problems(form, error):
    for problem in error.problems:
        field = getattr(problem, "field", None)
        form.add_error(field if field in form.fields else None, str(problem))
    if not error.problems:
        form.add_error(None, str(error))


def _require_intake(user):
    # Before reading anything posted: a viewer gets 403 whatever the form holds.
    if not permissions.can_use_intake(user):
        raise NotPermitted("You do not have permission to use the article intake.")


def _article(pk):
    return get_object_or_404(Article.objects.select_related("uploaded_by"), pk=pk)


def _draft(pk):
    return get_object_or_404(DraftedClaim.objects.select_related("article"), pk=pk)


def _review_url(article, draft=None):
    url = reverse("intake-review", args=[article.pk])
    return f"{url}#draft-{draft.pk}" if draft else url


# A refused or held filing is kept in the session across the redirect to the review page (the
# house's Post/Redirect/Get, as the claim page keeps its refusals): reloading the page then
# sends nothing again, and the draft's card shows the editor's corrections once.
KEPT = "intake_refusal"


def _keep_refusal(request, draft, **state):
    """Keep what the editor typed into `draft`'s form and why it was not filed (JSON-able
    `state`: kind "held", "duplicate" or "error", and its details), then redirect to its card."""
    typed = {name: request.POST.get(name, "") for name in DraftForm.base_fields}
    request.session[KEPT] = {"draft": draft.pk, "typed": typed, **state}
    return redirect(_review_url(draft.article, draft))


def _kept_card(request, drafts):
    """{draft id: card} for the refusal kept for one of `drafts` (shown once), if it is still
    pending; the held state's matches are looked up again, so they are never stale."""
    state = request.session.get(KEPT)
    draft = next((d for d in drafts if state and d.pk == state.get("draft")), None)
    if draft is None:
        return {}
    del request.session[KEPT]
    if draft.state != DraftState.PENDING:
        return {}
    form = DraftForm(state.get("typed") or {}, auto_id=f"d{draft.pk}-%s")
    form.is_valid()
    card = {"form": form}
    if state.get("kind") == "held":
        values = form.service_values()
        card["matches"] = selectors.corrected_draft_matches(values["values"], values["claimant"])
        card["held"] = True
    elif state.get("kind") == "duplicate":
        card["duplicate"] = Claim.objects.filter(pk=state.get("duplicate")).first()
        if card["duplicate"] is None:
            return {}  # the claim it repeated is gone: nothing left to warn about
    else:
        for field, message in state.get("problems") or []:
            form.add_error(field if field in form.fields else None, message)
        card["error"] = True
    return {draft.pk: card}


@require_GET
def review(request, pk):
    _require_intake(request.user)
    return _review_page(request, _article(pk))


def _review_page(request, article):
    """The review page. A filing just refused or held (`_keep_refusal`) shows on its draft's
    card with the editor's corrections. Beside each pending draft, the claims it matches
    (issue 18): one lookup per pending draft, with the values drafted (or, for the refused
    draft, as corrected); decided drafts cost nothing."""
    drafts = selectors.article_drafts(article)
    bound = _kept_card(request, drafts)
    names = {d.pk: selectors.drafted_claimant(d, article) for d in drafts}
    known = selectors.matching_claimants(names.values())
    unbound = [d for d in drafts if "matches" not in bound.get(d.pk, {})]
    matches = selectors.draft_matches(article, unbound, known)
    for draft in drafts:
        draft.card = bound.get(draft.pk) or {}
        if draft.state == DraftState.PENDING and "form" not in draft.card:
            draft.card["form"] = DraftForm(
                initial=_initial(draft, article, known), auto_id=f"d{draft.pk}-%s"
            )
        draft.card.setdefault("matches", matches.get(draft.pk, []))
        draft.matched_claimant = known.get(" ".join(names[draft.pk].split()).lower())
    context = {
        "article": article,
        "paragraphs": selectors.review_paragraphs(article, drafts),
        "drafts": drafts,
        "pending": sum(d.state == DraftState.PENDING for d in drafts),
        "claimant_names": selectors.claimant_names(),
        "refused": next(iter(bound), None),
    }
    return render(request, "intake/review.html", context)


def _initial(draft, article, known):
    name = selectors.drafted_claimant(draft, article)
    match = known.get(" ".join(name.split()).lower())
    kind = ClaimantKind.MEDIA if not draft.claimant_name else ClaimantKind.OTHER
    return draft_initial(draft, claimant_name=match.name if match else name, claimant_kind=kind)


@require_POST
def accept(request, pk):
    _require_intake(request.user)
    draft = _draft(pk)
    form = DraftForm(request.POST, auto_id=f"d{draft.pk}-%s")
    form.is_valid()  # text fields only: the service judges the values
    duplicate_of = request.POST.get("file_duplicate_of", "")
    values = form.service_values()
    # As on the New claim form: a figure already in the desk is filed only after a click on
    # "File it anyway"; whoever confirmed an exact duplicate has seen the claim it repeats.
    if not _is_id(duplicate_of) and draft.state == DraftState.PENDING:
        found = selectors.corrected_draft_matches(values["values"], values["claimant"])
        if matching.hold_before_filing(request, found):
            return _keep_refusal(request, draft, kind="held")
    try:
        claim = services.accept_draft(
            draft=draft,
            actor=request.user,
            file_duplicate_of=int(duplicate_of) if _is_id(duplicate_of) else None,
            **values,
        )
    except DraftDecided as error:
        messages.error(request, str(error))
        return redirect(_review_url(draft.article, draft))
    except DuplicateClaim as error:
        return _keep_refusal(request, draft, kind="duplicate", duplicate=error.claim.pk)
    except InvalidInput as error:
        problems = [(getattr(p, "field", None), str(p)) for p in error.problems]
        return _keep_refusal(
            request, draft, kind="error", problems=problems or [(None, str(error))]
        )
    messages.success(request, f"Draft {_number(draft)} filed as claim {claim.pk}.")
    return redirect(_review_url(draft.article, selectors.next_pending_draft(draft) or draft))


def _is_id(text):
    return text.isascii() and text.isdigit() and is_storable_id(int(text))


def _number(draft):
    return draft.article.drafts.filter(start__lt=draft.start).count() + 1


@require_POST
def reject(request, pk):
    return _decide(request, pk, services.reject_draft, "rejected", move_on=True)


@require_POST
def restore(request, pk):
    return _decide(request, pk, services.restore_draft, "back in review")


def _decide(request, pk, service, done, move_on=False):
    _require_intake(request.user)
    draft = _draft(pk)
    try:
        service(draft=draft, actor=request.user)
    except Refusal as error:
        messages.error(request, str(error))
        return redirect(_review_url(draft.article, draft))
    messages.success(request, f"Draft {_number(draft)} {done}.")
    # Done with this one: on to the next draft to review (a restored one is to review itself).
    after = selectors.next_pending_draft(draft) if move_on else None
    return redirect(_review_url(draft.article, after or draft))


@require_POST
def draft_sentence(request, pk):
    """Draft the sentence at `start` (or those a selection [start, end) touches) by hand."""
    _require_intake(request.user)
    article = _article(pk)
    start, end = request.POST.get("start", ""), request.POST.get("end", "") or None
    if not _is_offset(start) or (end is not None and not _is_offset(end)):
        raise InvalidInput("Pick a sentence of the article.")
    draft = services.draft_sentence(
        article=article,
        actor=request.user,
        start=int(start),
        end=int(end) if end is not None else None,
    )
    messages.success(request, "Sentence drafted by hand: fill in its figure, then file it.")
    return redirect(_review_url(article, draft))


def _is_offset(text):
    return text.isascii() and text.isdigit() and len(text) <= 9
