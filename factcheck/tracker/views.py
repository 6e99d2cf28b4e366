"""The figure tracker's pages: tracked quantities, attaching claims to them, their exports.
Thin: `tracker.services` decides what may be written, `tracker.selectors` what is shown."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import DetailView, FormView, ListView

from factcheck import permissions
from factcheck.errors import NotPermitted
from factcheck.models import Claim, Status, TrackedQuantity
from factcheck.text import fold
from factcheck.tracker import charts, selectors, series_export, spread
from factcheck.tracker import services as quantity_services
from factcheck.tracker.forms import AttachForm, QuantityForm
from factcheck.tracker.services import counted_differs

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
        for claim in selectors.with_verified_at(
            Claim.objects.filter(quantity__in=context["quantities"], status=Status.CONFIRMED)
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


class QuantityUpdateView(FormView):
    """`/quantities/<id>/edit/`: editors change name, what is counted, unit, place and
    description; every change is recorded (QuantityChange) and shown on the quantity's page."""

    template_name = "quantities/quantity_form.html"
    form_class = QuantityForm

    def dispatch(self, request, *args, **kwargs):
        self.quantity = get_object_or_404(TrackedQuantity, pk=kwargs["pk"])
        if not permissions.can_change_quantity(request.user):
            raise NotPermitted("You do not have permission to edit tracked quantities.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.quantity, "submit": "Save quantity"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(quantity=self.quantity, **kwargs)

    def form_valid(self, form):
        data = {field: form.cleaned_data[field] for field in quantity_services.QUANTITY_FIELDS}
        try:
            quantity = quantity_services.update_quantity(
                quantity=self.quantity, actor=self.request.user, data=data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, f"Tracked quantity “{quantity}” saved.")
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
        phone = selectors.quantity_chart(quantity, claims, charts.PHONE)
        chart_phone = mark_safe(phone)  # noqa: S308  # nosec B308 B703
        context.update(
            claims=claims,
            spread=spread.describe_spread(claims),
            chart=chart,
            chart_phone=chart_phone,
            can_attach=permissions.can_attach(user),
            can_export=permissions.can_export(user),
            can_change=permissions.can_change_quantity(user),
            changes=quantity.changes.select_related("actor")[:50],
        )
        if context["can_attach"]:
            context["suggestions"] = self.suggestions(quantity)
        return context

    def suggestions(self, quantity):
        """Unattached claims that count the same thing in the same unit."""
        return (
            Claim.objects.filter(
                quantity=None, counted_folded=fold(quantity.counted), unit=quantity.unit
            )
            .exclude(value=None)
            .select_related("claimant")
            .order_by("-as_of", "id")[:SUGGESTIONS]
        )


def _back(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # A URL, never a view name: redirect("0") would look up a view called "0" and fail.
        return HttpResponseRedirect(target)
    return redirect(fallback)


@require_http_methods(["GET", "POST"])
def attach(request):
    """Attach the posted claims to the posted quantity (or detach them): from the claim page,
    a quantity's suggestions and the queue's bulk action alike. Claims that say they count
    something else than the quantity are attached only once confirmed: the POST redirects to
    this address's GET, a page that asks (writing nothing), whose button posts again."""
    if not permissions.can_attach(request.user):
        raise NotPermitted("You do not have permission to attach claims to quantities.")
    form = AttachForm(request.POST if request.method == "POST" else request.GET)
    if request.method == "GET":
        return _confirm_page(request, form)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, "quantity-list")
    quantity, ids = form.cleaned_data["quantity"], form.cleaned_data["claims"]
    asked = request.POST.get("confirm_counted")
    if quantity is not None and not asked and _counted_elsewhere(ids, quantity):
        query = QueryDict(mutable=True)
        query.setlist("claims", [str(pk) for pk in ids])
        query["quantity"] = str(quantity.pk)
        query["next"] = form.cleaned_data.get("next", "")
        return redirect(f"{reverse('quantity-attach')}?{query.urlencode()}")
    try:
        changed = quantity_services.attach_claims(
            claim_ids=ids, quantity=quantity, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, "Nothing was changed. " + " ".join(error.messages))
        return _back(request, quantity or "quantity-list")
    messages.success(request, _done(changed, len(ids), quantity))
    return _back(request, quantity or "quantity-list")


def _counted_elsewhere(ids, quantity):
    """The claims among `ids` whose "what is counted" differs from the quantity's."""
    claims = Claim.objects.filter(pk__in=ids).select_related("claimant").order_by("pk")
    return [c for c in claims if c.quantity_id != quantity.pk and counted_differs(c, quantity)]


def _confirm_page(request, form):
    if not form.is_valid() or form.cleaned_data["quantity"] is None:
        return render(request, "quantities/attach_confirm.html", {"form": form}, status=400)
    quantity, ids = form.cleaned_data["quantity"], form.cleaned_data["claims"]
    context = {
        "form": form,
        "quantity": quantity,
        "claim_ids": ids,
        "differing": _counted_elsewhere(ids, quantity),
        "next": form.cleaned_data.get("next", ""),
    }
    return render(request, "quantities/attach_confirm.html", context)


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
