"""Pages for reading, adding and editing claims. Thin: the services in
`factcheck.claims` decide what is allowed."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from factcheck import claims as claim_services
from factcheck import workflow
from factcheck.errors import ClaimError, StaleClaimError
from factcheck.forms import ClaimForm, EvidenceForm
from factcheck.models import Claim

CLAIM_RELATED = ("claimant", "assigned_to", "created_by", "updated_by")


class ClaimDetailView(DetailView):
    template_name = "claims/claim_detail.html"
    context_object_name = "claim"
    queryset = Claim.objects.select_related(*CLAIM_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim, user = self.object, self.request.user
        transitions = workflow.available_transitions(user, claim)
        context.update(
            evidence=claim.evidence.select_related("added_by"),
            history=claim.status_changes.select_related("actor"),
            transitions=transitions,
            note_required_for=", ".join(t.label.lower() for t in transitions if t.note_required),
            can_assign=user.has_perm("factcheck.assign_claim"),
            assignees=claim_services.assignable_users()
            if user.has_perm("factcheck.assign_claim")
            else [],
            can_edit=claim_services.can_edit_claim(user, claim),
            can_add_evidence=claim_services.can_add_evidence(user, claim),
            evidence_form=context.get("evidence_form") or EvidenceForm(),
        )
        return context


def _new_claimant(form):
    name = form.cleaned_data.get("new_claimant_name", "").strip()
    return {"name": name, "kind": form.cleaned_data["new_claimant_kind"]} if name else None


def _show_model_errors(form, error):
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


class ClaimCreateView(PermissionRequiredMixin, FormView):
    permission_required = "factcheck.add_claim"
    template_name = "claims/claim_form.html"
    form_class = ClaimForm

    def form_valid(self, form):
        try:
            claim = claim_services.create_claim(
                actor=self.request.user, data=form.claim_data(), new_claimant=_new_claimant(form)
            )
        except ValidationError as error:
            _show_model_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Claim added.")
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
        explains_lock = self.claim.is_final and user.has_perm("factcheck.change_claim")
        if not explains_lock and not claim_services.can_edit_claim(user, self.claim):
            raise PermissionDenied("You do not have permission to edit this claim.")
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
        except ClaimError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
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
    if not request.user.has_perm("factcheck.add_evidence"):
        raise PermissionDenied("You do not have permission to add evidence.")
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            claim_services.add_evidence(claim=claim, actor=request.user, **form.cleaned_data)
        except ClaimError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Evidence added.")
            return redirect(claim)
    view = ClaimDetailView.as_view(extra_context={"evidence_form": form})
    request.method = "GET"
    return view(request, pk=pk)
