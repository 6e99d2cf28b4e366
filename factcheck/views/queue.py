"""The claim queue (`/claims/`): find, filter and sort claims, and act on several at once.

Thin: filters are `factcheck.filters.ClaimFilter`, reads `factcheck.queries`, and bulk
actions call `transition_claim` / `assign_claim` once per claim, so every claim obeys the
same permission, version and guard rules as on its own page.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, InvalidPage
from django.http import QueryDict
from django.shortcuts import render
from django.views import View

from factcheck import queries
from factcheck.claims import assign_claim, assignable_users
from factcheck.errors import ClaimError
from factcheck.filters import NOBODY, ClaimFilter, is_unfiltered
from factcheck.models import OPEN_STATUSES, Claim, Status
from factcheck.workflow import TRANSITIONS, transition_claim

MAX_BULK = 200
EXPORT_PATH = "/exports/"


def bulk_target_choices():
    """Target statuses for bulk transitions, named by the workflow's own labels."""
    labels = {}
    for transition in TRANSITIONS:
        labels.setdefault(transition.target, []).append(transition.label)
    return [
        (status, f"{' / '.join(labels[status])} (→ {Status(status).label})")
        for status in Status.values
        if status in labels
    ]


def may_act_in_bulk(user):
    return user.has_perm("factcheck.review_claim") or user.has_perm("factcheck.assign_claim")


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
    return f"{EXPORT_PATH}?{query.urlencode()}"


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
            counts, page = queries.queue_page(filterset, page_number)
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
            count_limit=queries.COUNT_LIMIT,
            has_any_claim=bool(page.object_list) or Claim.objects.exists(),
            export_url=(
                export_link(filterset) if request.user.has_perm("factcheck.export_claims") else None
            ),
            bulk=may_act_in_bulk(request.user),
            bulk_targets=bulk_target_choices(),
            assignable_users=assignable_users().only("id", "username"),
        )
        return render(request, self.template_name, context)


# --- Bulk actions -------------------------------------------------------------------------------


class ClaimIdsField(forms.Field):
    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Select at least one claim.",
        "invalid": "The selected claims are not valid; reload the queue and try again.",
    }

    def to_python(self, value):
        try:
            return [int(item) for item in value or ()]
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("assign", "Assign"), ("transition", "Change status")])
    claims = ClaimIdsField()
    assignee = forms.CharField(required=False)
    to_status = forms.ChoiceField(choices=(), required=False)
    note = forms.CharField(required=False, max_length=5000)
    back = forms.CharField(required=False, max_length=2000)

    def __init__(self, data, versions, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["to_status"].choices = [("", "—"), *bulk_target_choices()]
        self.versions = versions

    def clean_claims(self):
        ids = self.cleaned_data["claims"]
        if len(ids) > MAX_BULK:
            raise ValidationError(f"Select at most {MAX_BULK} claims at a time.")
        return list(dict.fromkeys(ids))

    def clean_assignee(self):
        value = self.cleaned_data["assignee"]
        if self.cleaned_data.get("action") != "assign":
            return None
        if value == NOBODY:
            return None
        if not value.isdigit():
            raise ValidationError("Choose who to assign the claims to, or nobody.")
        user = get_user_model().objects.filter(pk=int(value)).first()
        if user is None:
            raise ValidationError("That user does not exist.")
        return user

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "transition" and not cleaned.get("to_status"):
            self.add_error("to_status", "Choose the status to move the claims to.")
        return cleaned


@dataclass
class Outcome:
    claim_id: int
    claim: Claim | None
    done: bool
    message: str


def bulk_versions(post):
    """{claim id: the version the editor saw}, from one hidden `version_<id>` per row."""
    versions = {}
    for key, value in post.items():
        if key.startswith("version_") and key[8:].isdigit() and value.isdigit():
            versions[int(key[8:])] = int(value)
    return versions


class BulkActionView(View):
    """Apply one action to the selected claims, claim by claim, and report each outcome."""

    template_name = "queue/bulk_result.html"

    def post(self, request):
        if not may_act_in_bulk(request.user):
            raise PermissionDenied("You do not have permission to act on claims in bulk.")
        form = BulkForm(request.POST, bulk_versions(request.POST))
        back = self.back_url(request.POST.get("back", ""))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "back": back}, status=400)
        action = form.cleaned_data["action"]
        permission = "review_claim" if action == "transition" else "assign_claim"
        if not request.user.has_perm(f"factcheck.{permission}"):
            raise PermissionDenied("You do not have permission for this action.")
        ids = form.cleaned_data["claims"]
        found = Claim.objects.select_related("claimant").in_bulk(ids)
        outcomes = [
            self.apply(request.user, form, claim_id, found.get(claim_id)) for claim_id in ids
        ]
        context = {
            "form": form,
            "back": back,
            "outcomes": outcomes,
            "done": sum(o.done for o in outcomes),
            "refused": sum(not o.done for o in outcomes),
        }
        return render(request, self.template_name, context)

    def apply(self, user, form, claim_id, claim):
        if claim is None:
            return Outcome(claim_id, None, False, "This claim no longer exists.")
        if form.cleaned_data["action"] == "assign":
            return self.assign(user, claim, form.cleaned_data["assignee"])
        return self.transition(user, claim, form)

    @staticmethod
    def assign(user, claim, assignee):
        try:
            assign_claim(claim=claim, assignee=assignee, actor=user)
        except (PermissionDenied, ValidationError) as error:
            return Outcome(claim.pk, claim, False, " ".join(_messages(error)))
        who = assignee.get_username() if assignee else "nobody"
        return Outcome(claim.pk, claim, True, f"Assigned to {who}.")

    @staticmethod
    def transition(user, claim, form):
        expected = form.versions.get(claim.pk)
        if expected is None:
            return Outcome(
                claim.pk, claim, False, "The page did not say which version you saw; reload "
                "the queue and try again."
            )  # fmt: skip
        before = claim.get_status_display()
        try:
            updated = transition_claim(
                claim=claim,
                to_status=form.cleaned_data["to_status"],
                actor=user,
                note=form.cleaned_data["note"],
                expected_version=expected,
            )
        except (ClaimError, PermissionDenied) as error:
            return Outcome(claim.pk, claim, False, str(error))
        return Outcome(claim.pk, updated, True, f"{before} → {updated.get_status_display()}.")

    @staticmethod
    def back_url(query):
        # Only a query string for the queue itself: never a redirect elsewhere.
        return "?" + QueryDict(query).urlencode() if query else ""


def _messages(error):
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]
