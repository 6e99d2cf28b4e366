"""Claimants: the list (searchable, claims per status) and each claimant's page, their track
record against the independently confirmed counts."""

from django.db.models import Count, Q
from django.views.generic import DetailView, ListView

from factcheck.models import FINAL_STATUSES, Claimant, Status
from factcheck.tracker import selectors


class ClaimantListView(ListView):
    """`/claimants/?q=text`: claimants whose name contains the text (any case), A to Z, 50 a
    page, each with their number of claims per status (one query for the page)."""

    template_name = "claimants/claimant_list.html"
    context_object_name = "claimants"
    paginate_by = 50

    def get_queryset(self):
        counts = {
            f"n_{status}": Count("claims", filter=Q(claims__status=status)) for status in Status
        }
        claimants = Claimant.objects.annotate(total=Count("claims"), **counts).order_by("name")
        query = self.request.GET.get("q", "").strip()
        return claimants.filter(name__icontains=query) if query else claimants

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for claimant in context["claimants"]:
            claimant.status_counts = [
                (status, getattr(claimant, f"n_{status}")) for status in Status
            ]
        context.update(q=self.request.GET.get("q", "").strip(), statuses=list(Status))
        return context


class ClaimantDetailView(DetailView):
    template_name = "claimants/claimant_detail.html"
    context_object_name = "claimant"
    model = Claimant

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claimant = self.object
        counts = selectors.claimant_status_counts(claimant)
        context.update(
            final_counts=[row for row in counts if row[0] in FINAL_STATUSES],
            open_counts=[row for row in counts if row[0] not in FINAL_STATUSES],
            total=sum(row[2] for row in counts),
            record=selectors.figures_by_quantity(claimant),
            recent=claimant.claims.order_by("-created_at", "-id")[:20],
        )
        return context
