"""The claim queue (`/claims/`): find, filter and sort claims, and act on several at once.

Thin: filters are `queue.filters.ClaimFilter`, reads `queue.selectors`, and bulk actions
`queue.bulk`, which calls the same services as a claim's own page, once per claim.
"""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, InvalidPage
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from factcheck.claims.assignment import assignable_users
from factcheck.models import OPEN_STATUSES, Claim, Status, is_storable_id
from factcheck.permissions import can_act_in_bulk, can_export
from factcheck.queue import selectors
from factcheck.queue.bulk import bulk_assign_claims, bulk_transition_claims, check_bulk_permission
from factcheck.queue.filters import ClaimFilter, is_unfiltered
from factcheck.queue.forms import BulkForm, bulk_versions
from factcheck.workflow.transitions import target_choices


def export_link(filterset):
    """The export page for exactly the claims the queue shows, in the same order: the
    statuses on screen written out (with filters but no status the queue shows every status,
    whereas the export's own default is confirmed only) and the sort the queue applies."""
    query = QueryDict(mutable=True)
    for name, value in filterset.data.lists():
        if name not in ("page", "sort", "status") and any(value):
            query.setlist(name, value)
    query.setlist("status", filterset.form.cleaned_data.get("status") or list(Status.values))
    query["sort"] = filterset.sort_key
    # The queue's "no figure filter" is every claim; the export's default is figures only.
    query.setdefault("has_figure", "any")
    # The queue shows claims marked as duplicates (with a marker); the export leaves them out
    # unless asked.
    query["duplicates"] = "include"
    return f"{reverse('export-page')}?{query.urlencode()}"


def with_params(query, **changes):
    """`query` (a QueryDict) with parameters replaced (a list sets several values, None
    removes one) and the page reset, as a query string for a link."""
    params = query.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, value if isinstance(value, list) else [value])
    return f"?{params.urlencode()}"


@dataclass
class StatusLink:
    label: str
    count: int | None
    query: str
    active: bool


def status_links(query, counts, chosen):
    """Open, each status and All, with their counts (None when too many to count)."""
    chosen = set(chosen) or set(Status.values)

    def count(statuses):
        return None if counts is None else sum(counts[s] for s in statuses)

    groups = [("Open", list(OPEN_STATUSES))]
    groups += [(Status(s).label, [s]) for s in Status.values]
    groups.append(("All", list(Status.values)))
    return [
        StatusLink(
            label, count(statuses), with_params(query, status=statuses), chosen == set(statuses)
        )
        for label, statuses in groups
    ]


class ClaimQueueView(View):
    template_name = "queue/queue.html"

    def get(self, request):
        filterset = ClaimFilter(request.GET, request=request)
        query = filterset.data  # the URL's filters, with the default statuses made explicit
        context = {
            "filter": filterset,
            "query": query,
            "assigned_to_me": with_params(query, assignee="me"),
            "unassigned": with_params(query, assignee="none"),
            "filtered": not is_unfiltered(request.GET),
        }
        if not filterset.is_valid():
            context["filter_errors"] = True
            return render(request, self.template_name, context, status=400)
        page_number = request.GET.get("page") or 1
        try:
            counts, page = selectors.queue_page(filterset, page_number)
        except InvalidPage as error:
            missing = isinstance(error, EmptyPage)
            context["page_error"] = (
                f"There is no page {page_number} for these filters."
                if missing
                else f"“{page_number}” is not a page number: pages are whole numbers from 1."
            )
            return render(request, self.template_name, context, status=404 if missing else 400)
        chosen = filterset.form.cleaned_data.get("status") or []
        context.update(
            status_links=status_links(query, counts, chosen),
            page_obj=page,
            claims=page.object_list,
            count_limit=selectors.COUNT_LIMIT,
            has_any_claim=bool(page.object_list) or Claim.objects.exists(),
            export_url=(export_link(filterset) if can_export(request.user) else None),
            bulk=can_act_in_bulk(request.user),
            bulk_targets=target_choices(),
            assignable_users=assignable_users().only("id", "username"),
        )
        return render(request, self.template_name, context)


# --- Bulk actions -------------------------------------------------------------------------------


class BulkActionView(View):
    """Apply one action to the selected claims, then show each claim's outcome.

    Post/Redirect/Get: the POST keeps the outcomes in the session and redirects to this
    address's GET, which shows the latest result (claims re-read, so their status is today's)
    and can be reloaded or shared without acting again."""

    template_name = "queue/bulk_result.html"
    SESSION_KEY = "bulk_result"

    def post(self, request):
        check_bulk_permission(request.user)
        form = BulkForm(request.POST)
        result = {"back": self.back_url(request.POST.get("back", "")), "outcomes": []}
        if not form.is_valid():
            result["errors"] = [error for errors in form.errors.values() for error in errors]
        else:
            result["action"] = form.cleaned_data["action"]
            result["outcomes"] = [
                {"claim_id": o.claim_id, "done": o.done, "message": o.message}
                for o in self.act(request, form.cleaned_data)
            ]
        request.session[self.SESSION_KEY] = result
        return redirect("claim-bulk")

    def get(self, request):
        check_bulk_permission(request.user)
        result = request.session.get(self.SESSION_KEY)
        if result is None:
            return redirect("claim-list")
        claims = Claim.objects.select_related("claimant").in_bulk(
            [o["claim_id"] for o in result["outcomes"] if is_storable_id(o["claim_id"])]
        )
        outcomes = [{**o, "claim": claims.get(o["claim_id"])} for o in result["outcomes"]]
        context = {
            **result,
            "outcomes": outcomes,
            "done": sum(o["done"] for o in outcomes),
            "refused": sum(not o["done"] for o in outcomes),
        }
        return render(
            request, self.template_name, context, status=400 if result.get("errors") else 200
        )

    @staticmethod
    def act(request, data):
        if data["action"] == "assign":
            return bulk_assign_claims(
                claim_ids=data["claims"], assignee=data["assignee"], actor=request.user
            )
        return bulk_transition_claims(
            claim_ids=data["claims"],
            to_status=data["to_status"],
            note=data["note"],
            versions=bulk_versions(request.POST),
            actor=request.user,
        )

    @staticmethod
    def back_url(query):
        # Only a query string for the queue itself: never a redirect elsewhere.
        return "?" + QueryDict(query).urlencode() if query else ""
