"""The figure tracker's pages: tracked quantities, attaching claims to them, their exports.
Thin: `tracker.services` decides what may be written, `tracker.selectors` what is shown."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, FormView, ListView

from factcheck import permissions
from factcheck.errors import NotPermitted
from factcheck.models import Claim, Status, TrackedQuantity
from factcheck.tracker import selectors, series_export, spread
from factcheck.tracker import services as quantity_services
from factcheck.tracker.forms import AttachForm, QuantityForm

SUGGESTIONS = 50


class QuantityListView(ListView):
    template_name = "quantities/quantity_list.html"
    context_object_name = "quantities"
    paginate_by = 50

    def get_queryset(self):
        return TrackedQuantity.objects.annotate(
            claim_count=Count("claims", distinct=True),
            claimant_count=Count("claims__claimant", distinct=True),
        ).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        confirmed = defaultdict(list)
        for claim in Claim.objects.filter(
            quantity__in=context["quantities"], status=Status.CONFIRMED
        ).select_related("claimant"):
            confirmed[claim.quantity_id].append(claim)
        for quantity in context["quantities"]:
            quantity.latest_confirmed = spread.latest_confirmed(confirmed[quantity.pk])
        return context


class QuantityCreateView(PermissionRequiredMixin, FormView):
    permission_required = permissions.ADD_QUANTITY
    template_name = "quantities/quantity_form.html"
    form_class = QuantityForm

    def get_initial(self):
        # A claim's matches panel links here with its counted, place and unit filled in.
        return {
            field: self.request.GET[field][:200]
            for field in ("counted", "place", "unit")
            if self.request.GET.get(field)
        }

    def form_valid(self, form):
        data = {field: form.cleaned_data[field] for field in quantity_services.QUANTITY_FIELDS}
        try:
            quantity = quantity_services.create_quantity(actor=self.request.user, data=data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, f"Tracked quantity “{quantity}” added.")
        return redirect(quantity)


class QuantityDetailView(DetailView):
    template_name = "quantities/quantity_detail.html"
    context_object_name = "quantity"
    model = TrackedQuantity

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quantity, user = self.object, self.request.user
        claims = selectors.quantity_claims(quantity)
        # Accepted (ruff S308, bandit B308, B703): ElementTree escapes every text and attribute
        # (tests/test_security.py renders a quantity full of markup and finds none active).
        chart = mark_safe(selectors.quantity_chart(quantity, claims))  # noqa: S308  # nosec B308 B703
        context.update(
            claims=claims,
            spread=spread.describe_spread(claims),
            chart=chart,
            can_attach=permissions.can_attach(user),
            can_export=permissions.can_export(user),
        )
        if context["can_attach"]:
            context["suggestions"] = self.suggestions(quantity)
        return context

    def suggestions(self, quantity):
        """Unattached claims that count the same thing in the same unit."""
        return (
            Claim.objects.filter(
                quantity=None, counted__iexact=quantity.counted, unit=quantity.unit
            )
            .exclude(value=None)
            .select_related("claimant")
            .order_by("-as_of", "id")[:SUGGESTIONS]
        )


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@require_POST
def attach(request):
    """Attach the posted claims to the posted quantity (or detach them): from the claim page,
    a quantity's suggestions and the queue's bulk action alike."""
    if not permissions.can_attach(request.user):
        raise NotPermitted("You do not have permission to attach claims to quantities.")
    form = AttachForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, "quantity-list")
    quantity, ids = form.cleaned_data["quantity"], form.cleaned_data["claims"]
    try:
        changed = quantity_services.attach_claims(
            claim_ids=ids, quantity=quantity, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, "Nothing was changed. " + " ".join(error.messages))
        return _back(request, quantity or "quantity-list")
    messages.success(request, _done(changed, len(ids), quantity))
    return _back(request, quantity or "quantity-list")


def _done(changed, asked, quantity):
    claims = "claim" if changed == 1 else "claims"
    if quantity is None:
        text = f"{changed} {claims} detached from their tracked quantity."
    else:
        text = f"{changed} {claims} attached to “{quantity}”."
    if changed < asked:
        text += f" {asked - changed} already were."
    return text


@require_GET
def export(request, pk, fmt):
    """The quantity's time series as CSV or JSON, for everyone who may export figures."""
    if not permissions.can_export(request.user):
        raise NotPermitted("You do not have permission to export figures.")
    quantity = get_object_or_404(TrackedQuantity, pk=pk)
    claims = selectors.quantity_claims(quantity)
    if fmt == "csv":
        body, content_type = series_export.to_csv(quantity, claims), "text/csv; charset=utf-8"
    else:
        body, content_type = series_export.to_json(quantity, claims), "application/json"
    response = HttpResponse(body, content_type=content_type)
    name = f"{series_file_stem(quantity)}-{timezone.localdate().isoformat()}.{fmt}"
    # RFC 6266's filename* when the name is not ASCII (a header must be latin-1 otherwise).
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def series_file_stem(quantity):
    """The quantity's name as a file name in any script, or `quantity-<id>` if nothing of
    the name survives (only punctuation, say)."""
    return slugify(quantity.name, allow_unicode=True)[:80].strip("-_") or f"quantity-{quantity.pk}"
