"""Pages for reading, adding and editing claims, adding evidence and assigning. Thin: the
services in `factcheck.claims` decide what is allowed; refusals are shown through
`factcheck.http_errors`."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from factcheck import permissions
from factcheck.claims import services as claim_services
from factcheck.claims.assignment import assign_claim, assignable_users
from factcheck.claims.forms import ClaimForm, EvidenceForm
from factcheck.errors import NotPermitted, Refusal, StaleClaimError
from factcheck.matching import views as matching
from factcheck.matching.selectors import matches_for_claim
from factcheck.models import Claim, is_storable_id
from factcheck.workflow.transitions import available_transitions

CLAIM_RELATED = ("claimant", "assigned_to", "created_by", "updated_by")


class ClaimDetailView(DetailView):
    template_name = "claims/claim_detail.html"
    context_object_name = "claim"
    queryset = Claim.objects.select_related(*CLAIM_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim, user = self.object, self.request.user
        transitions = available_transitions(user, claim)
        can_assign = permissions.can_assign(user)
        context.update(
            evidence=claim.evidence.select_related("added_by"),
            history=claim.status_changes.select_related("actor"),
            transitions=transitions,
            note_required_for=", ".join(t.label.lower() for t in transitions if t.note_required),
            can_assign=can_assign,
            assignees=assignable_users() if can_assign else [],
            can_edit=permissions.can_edit_claim(user, claim),
            can_add_evidence=permissions.can_add_evidence(user, claim),
            evidence_form=context.get("evidence_form") or EvidenceForm(),
            matches=matches_for_claim(claim),
            can_mark_duplicate=permissions.can_mark_duplicate(user),
        )
        return context


def _new_claimant(form):
    name = form.cleaned_data.get("new_claimant_name", "").strip()
    return {"name": name, "kind": form.cleaned_data["new_claimant_kind"]} if name else None


def _show_model_errors(form, error):
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


class ClaimCreateView(PermissionRequiredMixin, FormView):
    permission_required = permissions.ADD_CLAIM
    template_name = "claims/claim_form.html"
    form_class = ClaimForm

    def form_valid(self, form):
        matches = matching.form_matches(form)
        if matching.hold_before_filing(self.request, matches):
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


class ClaimUpdateView(FormView):
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
            raise NotPermitted("You do not have permission to edit this claim.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.claim}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["claim"] = self.claim
        context["locked"] = self.claim.is_final
        return context

    def form_valid(self, form):
        # The form has written the user's values onto its instance; the service reloads.
        try:
            claim = claim_services.update_claim(
                claim=self.claim,
                actor=self.request.user,
                data=form.claim_data(),
                expected_version=form.cleaned_data["version"],
                new_claimant=_new_claimant(form),
            )
        except StaleClaimError as error:
            return self.stale_response(form, error.claim)
        except Refusal as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=error.status)
        except ValidationError as error:
            _show_model_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Claim saved.")
        return redirect(claim)

    def stale_response(self, form, current):
        """409 with the user's text kept, what differs named, and the form armed to overwrite
        the newer version only if the user saves again on purpose."""
        differs = [
            form.fields[field].label or field
            for field in form.claim_data()
            if form.cleaned_data[field] != getattr(current, field)
        ]
        data = self.request.POST.copy()
        data["version"] = current.version
        fresh_form = self.get_form_class()(data=data, instance=current)
        fresh_form.is_valid()
        context = self.get_context_data(form=fresh_form, stale=current, stale_fields=differs)
        return self.render_to_response(context, status=409)


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
    view = ClaimDetailView.as_view(extra_context={"evidence_form": form})
    request.method = "GET"
    return view(request, pk=pk)


def claim_page_with_error(request, claim, *, status, **context):
    """Show the claim page again with an error, keeping what the user typed."""
    request.method = "GET"
    response = ClaimDetailView.as_view(extra_context=context)(request, pk=claim.pk)
    response.status_code = status
    return response


@require_POST
def assign(request, pk):
    claim = get_object_or_404(Claim, pk=pk)
    raw = request.POST.get("assigned_to", "").strip()
    assignee = None
    if raw:
        if raw.isascii() and raw.isdigit() and is_storable_id(int(raw)):
            assignee = get_user_model().objects.filter(pk=int(raw)).first()
        if assignee is None:
            return claim_page_with_error(request, claim, status=400, workflow_error="No such user.")
    try:
        assign_claim(claim=claim, assignee=assignee, actor=request.user)
    except ValidationError as error:
        return claim_page_with_error(
            request, claim, status=400, workflow_error=" ".join(error.messages)
        )
    messages.success(request, f"Assigned to {assignee.get_username() if assignee else 'nobody'}.")
    return redirect(claim)
