"""The claim queue's filters, as URL query parameters shared with the export pages.

`status` (repeatable), `claimant` (id), `assignee` (user id, `me` or `none`), `has_figure`
(`true`/`false`), `counted` (text), `created_after` / `created_before` (ISO dates), `q` (text
over statement, claimant name, methodology notes, place and source title) and `sort`. A
value that is not valid makes the form invalid with a message for people; it is never
ignored silently.
"""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from factcheck.models import OPEN_STATUSES, Claim, Claimant, Status
from factcheck.text import fold

ME, NOBODY = "me", "none"
DEFAULT_SORT = "created"

# sort parameter -> (label, ORDER BY); `id` breaks ties so pages never overlap.
SORTS = {
    "created": ("Oldest first", ("created_at", "id")),
    "-created": ("Newest first", ("-created_at", "-id")),
    "updated": ("Least recently updated", ("updated_at", "id")),
    "-updated": ("Most recently updated", ("-updated_at", "-id")),
    "claimant": ("Claimant A–Z", ("claimant__name", "created_at", "id")),
    "-claimant": ("Claimant Z–A", ("-claimant__name", "created_at", "id")),
    "status": ("Status, workflow order", ("status_rank", "created_at", "id")),
    "-status": ("Status, verdicts first", ("-status_rank", "created_at", "id")),
}
# Sorts on values no edit changes: a keyset walk in one of them gives every claim exactly once
# however claims are edited or moved meanwhile (factcheck.api.pagination).
STABLE_SORTS = ("created", "-created")
STATUS_RANK = Case(
    *[When(status=status, then=Value(rank)) for rank, status in enumerate(Status.values)],
    output_field=IntegerField(),
)

FILTER_PARAMETERS = (
    "status",
    "claimant",
    "assignee",
    "has_figure",
    "counted",
    "created_after",
    "created_before",
    "q",
)


def start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def end_of_day(day):
    """The instant `day` ends (the next day's midnight), or None on the calendar's last day:
    nothing comes after 9999-12-31, so "on or before" it has no upper bound."""
    if day == datetime.date.max:
        return None
    return start_of_day(day + datetime.timedelta(days=1))


def counted_contains(queryset, text):
    """Claims whose "what is counted" contains `text`, compared as factcheck.text.fold makes
    them (any case in any script, typographic quotes and dashes): the queue's and the exports'
    `counted` filter. Reads Claim.counted_folded (a trigram index on PostgreSQL)."""
    term = fold(text)
    return queryset.filter(counted_folded__contains=term) if term else queryset


def is_unfiltered(data):
    """True when the URL names no filter at all (page and sort do not count)."""
    return not any(data.get(name) for name in FILTER_PARAMETERS)


class QueueFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("created_after"), cleaned.get("created_before")
        if after and before and after > before:
            self.add_error("created_before", "The end date is before the start date.")
        return cleaned


class ClaimFilter(django_filters.FilterSet):
    """Filters for the claim queue. With no filter in the URL it shows the open claims
    (unverified and in review), so the default view is "what still needs doing"."""

    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices,
        method="filter_status",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        label="Status",
    )
    claimant = django_filters.ModelChoiceFilter(
        queryset=Claimant.objects.only("id", "name"), label="Claimant"
    )
    assignee = django_filters.ChoiceFilter(
        method="filter_assignee", label="Assigned to", empty_label="Anyone"
    )
    has_figure = django_filters.ChoiceFilter(
        choices=[("true", "With a figure"), ("false", "Without a figure")],
        method="filter_has_figure",
        label="Figure",
        empty_label="With or without",
    )
    counted = django_filters.CharFilter(
        method="filter_counted",
        label="What is counted",
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "e.g. refugees"}),
    )
    created_after = django_filters.DateFilter(
        method="filter_created_after",
        label="Added on or after",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    created_before = django_filters.DateFilter(
        method="filter_created_before",
        label="Added on or before",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    q = django_filters.CharFilter(
        method="filter_text",
        label="Search statement, claimant, methodology, place and source title",
        widget=forms.SearchInput(attrs={"class": "form-control"}),
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="sort_by",
        label="Sort",
        empty_label=None,
    )

    class Meta:
        model = Claim
        fields = []
        form = QueueFilterForm

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and is_unfiltered(data):
            data.setlist("status", list(OPEN_STATUSES))
        super().__init__(data, *args, request=request, **kwargs)
        self._claimant_matches = {}
        # Kept for the page too (bulk assignment), so users are read once per request.
        self.users = list(
            get_user_model().objects.order_by("username").only("id", "username", "is_active")
        )
        self.filters["assignee"].extra["choices"] = [
            (ME, "Me"),
            (NOBODY, "Nobody (unassigned)"),
            *[(str(user.pk), user.get_username()) for user in self.users],
        ]

    @property
    def claimant_choices(self):
        """The claimant options as a list, read once: looping over the field's own choices in
        a template would also run a COUNT query."""
        claimants = self.filters["claimant"].queryset.order_by("name").values_list("id", "name")
        return [("", "Any claimant"), *claimants]

    @property
    def sort_key(self):
        return self.form.cleaned_data.get("sort") or DEFAULT_SORT

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", DEFAULT_SORT)
        return queryset

    @property
    def filters_only_status(self):
        """True when no filter but status is set (sort does not filter)."""
        return not any(
            value not in (None, "", [])
            for name, value in self.form.cleaned_data.items()
            if name not in ("status", "sort")
        )

    def queryset_ignoring(self, *names):
        """The filtered claims as if the filters in `names` were not set, unordered: the
        status counts use it, so each count says what choosing that status would give."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in names and name != "sort":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_status(self, queryset, name, value):
        # One IN (...) rather than ORed equalities: it matches the open-queue partial index.
        return queryset.filter(status__in=value)

    def filter_assignee(self, queryset, name, value):
        if value == ME:
            return queryset.filter(assigned_to=self.request.user)
        if value == NOBODY:
            return queryset.filter(assigned_to__isnull=True)
        return queryset.filter(assigned_to_id=int(value))

    def filter_has_figure(self, queryset, name, value):
        return queryset.filter(value__isnull=value != "true")

    def filter_created_after(self, queryset, name, value):
        return queryset.filter(created_at__gte=start_of_day(value))

    def filter_created_before(self, queryset, name, value):
        end = end_of_day(value)
        return queryset if end is None else queryset.filter(created_at__lt=end)

    def filter_counted(self, queryset, name, value):
        return counted_contains(queryset, value)

    def filter_text(self, queryset, name, value):
        term = fold(value)
        if not term:
            return queryset
        # Claimant ids are looked up first so that each arm of the OR can use its own index
        # (a join or subquery in an OR would force a scan of every claim).
        if term not in self._claimant_matches:
            self._claimant_matches[term] = list(
                Claimant.objects.filter(name_folded__contains=term).values_list("id", flat=True)
            )
        claimant_ids = self._claimant_matches[term]
        return queryset.filter(Q(search_text__contains=term) | Q(claimant_id__in=claimant_ids))

    def sort_by(self, queryset, name, value):
        ordering = SORTS[value][1]
        if any("status_rank" in field for field in ordering):
            queryset = queryset.alias(status_rank=STATUS_RANK)
        return queryset.order_by(*ordering)
