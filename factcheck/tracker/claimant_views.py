"""A claimant's page: their track record against the independently confirmed counts."""

from django.views.generic import DetailView

from factcheck.models import FINAL_STATUSES, Claimant
from factcheck.tracker import selectors


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
