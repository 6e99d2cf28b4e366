"""Pages for reading, adding and editing claims, their evidence, and assigning. Thin: the
services in `factcheck.claims` decide what is allowed; refusals are shown through
`factcheck.http_errors`.

Every POST answers with a redirect when it is done or refused (Post/Redirect/Get), so the
address bar never holds a URL that only takes POST: a refusal, with what the user typed, is
kept in the session for the claim page (`keep_for_claim_page`). Forms that live on their own
page (new claim, edit) show their errors in place, at an address that also loads.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from factcheck import permissions
from factcheck.claims import services as claim_services
from factcheck.claims.assignment import assign_claim, assignable_users
from factcheck.claims.duplicates import find_duplicate
from factcheck.claims.forms import ClaimForm, EvidenceForm
from factcheck.claims.merge import THEIRS, YOURS, opened_state, read_opened, save_edit
from factcheck.discussion.context import discussion_context
from factcheck.errors import NotPermitted, Refusal, as_refusal
from factcheck.history.timeline import claim_timeline, field_label
from factcheck.http_errors import refusal_context
from factcheck.intake.selectors import claim_origin
from factcheck.matching import views as matching
from factcheck.matching.selectors import matches_for_claim
from factcheck.models import Claim, Evidence, Status, is_storable_id
from factcheck.queue.next import next_claim_link
from factcheck.workflow.transitions import available_transitions, may_move_claims

CLAIM_RELATED = ("claimant", "assigned_to", "created_by", "updated_by")
KEPT = "claim_page_state"


DISCUSSION_KEPT = (
    "comment_error",
    "comment_body",
    "editing_comment",
    "edited_body",
    "hiding_comment",
)


def keep_for_claim_page(request, claim, **state):
    """Keep a refusal and what the user typed (JSON-able values) for the claim page the
    redirect goes to; it is shown once."""
    request.session[KEPT] = {"claim": claim.pk, **state}


def _kept(request, claim):
    state = request.session.get(KEPT)
    if state and state.get("claim") == claim.pk:
        del request.session[KEPT]
        return state
    return {}


class ClaimDetailView(DetailView):
    template_name = "claims/claim_detail.html"
    context_object_name = "claim"
    # The article a claim was drafted from (article intake) comes in the same query.
    queryset = Claim.objects.select_related(*CLAIM_RELATED, "drafted_from__article")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim, user = self.object, self.request.user
        kept = _kept(self.request, claim)
        queue_query = self.request.GET.get("queue", "")
        transitions = available_transitions(user, claim)
        can_assign = permissions.can_assign(user)
        evidence = list(claim.evidence.select_related("added_by"))
        for item in evidence:
            item.claim = claim
            item.changeable = permissions.can_change_evidence(user, item)
            if item.changeable:
                item.form = EvidenceForm(instance=item, prefix=f"evidence-{item.pk}")
        evidence_data = kept.get("evidence_form")
        context.update(
            evidence=evidence,
            timeline=claim_timeline(claim),
            latest_move=(latest_move := claim.status_changes.select_related("actor").first()),
            imported_verdict=_awaiting_decision(claim, latest_move),
            transitions=transitions,
            may_review=may_move_claims(user),
            note_required_for=", ".join(t.label.lower() for t in transitions if t.note_required),
            can_assign=can_assign,
            assignees=assignable_users() if can_assign else [],
            can_edit=permissions.can_edit_claim(user, claim),
            can_use_intake=permissions.can_use_intake(user),
            origin=claim_origin(claim),
            can_add_evidence=permissions.can_add_evidence(user, claim),
            can_add_claim=permissions.can_create_claim(user),
            evidence_form=EvidenceForm(evidence_data) if evidence_data else EvidenceForm(),
            workflow_error=kept.get("workflow_error"),
            problems=kept.get("problems", []),
            note=kept.get("note", ""),
            evidence_error=kept.get("evidence_error"),
            decided=kept.get("decided", False),
            queue_query=queue_query,
            matches=matches_for_claim(claim),
            can_mark_duplicate=permissions.can_mark_duplicate(user),
        )
        context.update(discussion_context(claim, user))
        # A refused comment's message and text, kept across the redirect (discussion.views).
        context.update({key: kept[key] for key in DISCUSSION_KEPT if key in kept})
        if kept.get("decided") or queue_query:
            context["next_claim"] = next_claim_link(claim, queue_query, self.request)
        return context


def _awaiting_decision(claim, latest_move):
    """The audit row of a verdict an import brought in review for a second editor, if the
    claim is still waiting for that decision."""
    if claim.status == Status.IN_REVIEW and latest_move and latest_move.recorded_status:
        return latest_move
    return None


def claim_page(claim, queue_query="", anchor=""):
    """The claim page's address, carrying the queue's query string (for "Next claim")."""
    url = claim.get_absolute_url()
    if queue_query:
        params = QueryDict(mutable=True)
        params["queue"] = queue_query
        url += "?" + params.urlencode()
    return url + (f"#{anchor}" if anchor else "")


def _new_claimant(form):
    name = form.cleaned_data.get("new_claimant_name", "").strip()
    return {"name": name, "kind": form.cleaned_data["new_claimant_kind"]} if name else None


def _show_model_errors(form, error):
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


SOURCE_FIELDS = ("source_url", "source_title", "source_date")


class ClaimCreateView(PermissionRequiredMixin, FormView):
    """New claim. `?source=<claim id>` fills in that claim's source (address, title, date),
    for the next claim from the same story. An exact duplicate (the importer's rule,
    `claims.duplicates`) is not saved until the user confirms."""

    permission_required = permissions.ADD_CLAIM
    template_name = "claims/claim_form.html"
    form_class = ClaimForm

    def get_initial(self):
        initial = super().get_initial()
        raw = self.request.GET.get("source", "")
        if raw.isascii() and raw.isdigit() and is_storable_id(int(raw)):
            source = Claim.objects.filter(pk=int(raw)).values(*SOURCE_FIELDS).first()
            if source:
                initial.update(source)
                self.source_claim = int(raw)
        return initial

    def form_valid(self, form):
        duplicate = self.duplicate_of(form)
        if duplicate and not self.request.POST.get("save_duplicate"):
            return self.render_to_response(self.get_context_data(form=form, duplicate=duplicate))
        matches = matching.form_matches(form)
        # An editor who confirmed an exact duplicate has seen the claim it repeats already.
        confirmed = bool(self.request.POST.get("save_duplicate"))
        if not confirmed and matching.hold_before_filing(self.request, matches):
            return self.render_to_response(self.get_context_data(form=form, matches=matches))
        try:
            claim = claim_services.create_claim(
                actor=self.request.user, data=form.claim_data(), new_claimant=_new_claimant(form)
            )
        except ValidationError as error:
            _show_model_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, matching.filed_message(matches))
        return redirect(claim)

    @staticmethod
    def duplicate_of(form):
        data = form.cleaned_data
        claimant = data.get("claimant")
        name = (data.get("new_claimant_name") or "").strip() or (claimant.name if claimant else "")
        return find_duplicate(
            statement=data["statement"],
            claimant_name=name,
            value=data["value"],
            counted=data["counted"],
            as_of=data["as_of"],
        )


class ClaimUpdateView(FormView):
    """Edit a claim. A save made on an older version is merged (`factcheck.claims.merge`):
    only fields both editors changed are asked about, side by side."""

    template_name = "claims/claim_form.html"
    form_class = ClaimForm

    def dispatch(self, request, *args, **kwargs):
        self.claim = get_object_or_404(
            Claim.objects.select_related(*CLAIM_RELATED), pk=kwargs["pk"]
        )
        user = request.user
        # A locked claim's edit page explains the lock to those who could edit it once reopened.
        explains_lock = self.claim.is_final and permissions.can_edit_claims_at_all(user)
        if not explains_lock and not permissions.can_edit_claim(user, self.claim):
            if user.is_authenticated and permissions.can_create_claim(user):
                # Their role allows editing some claims: the reason is this claim's status.
                context = {
                    "claim": self.claim,
                    "refused": permissions.edit_refusal(user, self.claim),
                }
                return self.response_class(
                    request, self.template_name, context, status=403, using=self.template_engine
                )
            raise NotPermitted(permissions.edit_refusal(user, self.claim))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.claim}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["claim"] = self.claim
        context["locked"] = self.claim.is_final
        return context

    def conflict_fields(self):
        listed = self.request.POST.getlist("conflicts")
        return [name for name in listed if name in ClaimForm.Meta.fields]

    def form_valid(self, form):
        state = read_opened(form.cleaned_data.get("opened"))
        resolutions = {
            name: self.request.POST.get(f"resolve_{name}") for name in self.conflict_fields()
        }
        unchosen = [name for name, choice in resolutions.items() if choice not in (THEIRS, YOURS)]
        if unchosen:
            labels = ", ".join(field_label(name) for name in unchosen)
            form.add_error(None, f"Choose their version or yours for: {labels}.")
            return self.form_invalid(form)
        try:
            outcome = save_edit(
                claim=self.claim,
                actor=self.request.user,
                yours=form.claim_data(),
                opened=state["values"] if state else None,
                opened_version=state["version"] if state else form.cleaned_data["version"],
                resolutions=resolutions,
                new_claimant=_new_claimant(form),
            )
        except Refusal as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=error.status)
        except ValidationError as error:
            _show_model_errors(form, error)
            return self.form_invalid(form)
        if outcome.merged.conflicts:
            return self.conflict_response(form, outcome)
        messages.success(self.request, self.saved_message(outcome))
        return redirect(outcome.claim)

    @staticmethod
    def saved_message(outcome):
        merged, claim = outcome.merged, outcome.claim
        text = "Nothing to save: you changed nothing." if not merged.changes else "Claim saved."
        if merged.kept_theirs:
            who = claim.updated_by.get_username() if claim.updated_by else "someone"
            fields = ", ".join(field_label(name) for name in merged.kept_theirs)
            text += f" Changes saved meanwhile (by {who} or others) to {fields} are kept."
        return text

    def conflict_response(self, form, outcome):
        """409: nothing saved; the fields both changed side by side, each with a choice; the
        form now based on their version, holding every change of yours."""
        current, merged = outcome.claim, outcome.merged
        yours = form.claim_data()
        changed = {*merged.changes, *(c.field for c in merged.conflicts)}
        initial = {name: yours[name] for name in changed if name in yours}
        initial["new_claimant_name"] = form.cleaned_data.get("new_claimant_name", "")
        initial["new_claimant_kind"] = form.cleaned_data.get("new_claimant_kind")
        fresh = ClaimForm(instance=current, initial=initial)
        fresh.fields["opened"].initial = opened_state(current)
        conflicts = [(field_label(c.field), c) for c in merged.conflicts]
        context = self.get_context_data(form=fresh, stale=current, conflicts=conflicts)
        return self.render_to_response(context, status=409)


# --- Evidence ------------------------------------------------------------------------------------


@require_POST
def add_evidence(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    # Refuse before reading the form, so that a viewer gets 403 whatever was posted.
    if not permissions.can_add_evidence(request.user):
        raise NotPermitted("You do not have permission to add evidence.")
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            claim_services.add_evidence(claim=claim, actor=request.user, **form.cleaned_data)
        except Refusal as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Evidence added.")
            return redirect(claim)
    keep_for_claim_page(
        request,
        claim,
        evidence_form=request.POST.dict(),
        evidence_error="The evidence was not added: correct what is marked below.",
    )
    return redirect(claim_page(claim, anchor="evidence-heading"))


def _evidence(pk, evidence_pk):
    return get_object_or_404(Evidence.objects.select_related("claim"), pk=evidence_pk, claim_id=pk)


def _check_may_change(user, item):
    """403 for whoever could never change this item; a claim locked meanwhile is the
    service's to refuse, shown on the claim page."""
    if item.claim.is_final:
        return
    if not permissions.can_change_evidence(user, item):
        raise NotPermitted("Only editors and whoever added this evidence may change it.")


@require_POST
def change_evidence(request, pk, evidence_pk):
    """Change or re-classify one evidence item (its own small form on the claim page)."""
    item = _evidence(pk, evidence_pk)
    _check_may_change(request.user, item)
    form = EvidenceForm(request.POST, prefix=f"evidence-{item.pk}")
    if not form.is_valid():
        problems = [
            f"{form.fields[f].label}: {' '.join(e)}" if f in form.fields else " ".join(e)
            for f, e in form.errors.items()
        ]
        messages.error(request, "The evidence was not changed. " + " ".join(problems))
        return redirect(claim_page(item.claim, anchor=f"evidence-{item.pk}"))
    try:
        claim_services.change_evidence(evidence=item, actor=request.user, data=form.cleaned_data)
    except (Refusal, ValidationError) as error:
        messages.error(request, "The evidence was not changed. " + str(as_refusal(error)))
    else:
        messages.success(request, "Evidence changed.")
    return redirect(claim_page(item.claim, anchor=f"evidence-{item.pk}"))


@require_POST
def remove_evidence(request, pk, evidence_pk):
    item = _evidence(pk, evidence_pk)
    _check_may_change(request.user, item)
    try:
        claim_services.remove_evidence(evidence=item, actor=request.user)
    except Refusal as error:
        messages.error(request, "The evidence was not removed. " + str(error))
    else:
        messages.success(request, "Evidence removed; the history keeps what it was.")
    return redirect(claim_page(item.claim, anchor="evidence-heading"))


# --- Assigning --------------------------------------------------------------------------------


@require_POST
def assign(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    raw = request.POST.get("assigned_to", "").strip()
    assignee = None
    if raw:
        if raw.isascii() and raw.isdigit() and is_storable_id(int(raw)):
            assignee = get_user_model().objects.filter(pk=int(raw)).first()
        if assignee is None:
            keep_for_claim_page(request, claim, workflow_error="No such user.")
            return redirect(claim_page(claim, anchor="workflow-heading"))
    try:
        assign_claim(claim=claim, assignee=assignee, actor=request.user)
    except ValidationError as error:
        keep_for_claim_page(request, claim, workflow_error=" ".join(error.messages))
        return redirect(claim_page(claim, anchor="workflow-heading"))
    messages.success(request, f"Assigned to {assignee.get_username() if assignee else 'nobody'}.")
    return redirect(claim)


def refused_on_claim_page(request, claim, error, *, note="", queue_query=""):
    """Redirect to the claim page showing `error` (a Refusal) next to the workflow buttons,
    with the note the user typed."""
    shown = refusal_context(error)
    keep_for_claim_page(
        request,
        claim,
        workflow_error=shown["headline"],
        problems=[str(problem) for problem in shown["problems"]],
        note=note,
    )
    return redirect(claim_page(claim, queue_query, anchor="workflow-heading"))
