"""Which claims an export holds: the filter form, validated in full before a byte is sent,
and the query that applies it.
"""

from datetime import date

from django import forms
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import QueryDict

from factcheck.booleans import FALSE_WORDS, TRUE_WORDS
from factcheck.models import (
    FINAL_STATUSES,
    Claim,
    Claimant,
    Status,
    StatusChange,
    verdict_time,
)
from factcheck.queue.filters import ClaimFilter, counted_contains, end_of_day, start_of_day


class DateBasis:
    AS_OF = "as_of"
    VERIFIED = "verified"
    CHOICES = [(AS_OF, "The figure's as-of date"), (VERIFIED, "The date it was verified")]


HAS_FIGURE_CHOICES = [
    ("true", "Only claims with a figure"),
    ("any", "All claims, with or without a figure"),
    ("false", "Only claims without a figure"),
]


DUPLICATES_CHOICES = [
    ("exclude", "Leave out claims marked as duplicates"),
    ("include", "Include claims marked as duplicates"),
]


class ExportFilterForm(forms.Form):
    """The export's filters, validated in full before a single byte is sent."""

    status = forms.MultipleChoiceField(
        label="Statuses",
        choices=Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="Confirmed only unless you tick others; the status is a column.",
    )
    claimant = forms.ModelChoiceField(
        queryset=Claimant.objects.all(),
        required=False,
        empty_label="Any claimant",
        error_messages={"invalid_choice": "There is no claimant with that id."},
    )
    counted = forms.CharField(
        label="What is counted",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "counted-values"}),
        help_text='E.g. "refugees": any claim whose "what is counted" contains it, in any case.',
    )
    date_basis = forms.ChoiceField(
        label="Dates are", choices=DateBasis.CHOICES, required=False, initial=DateBasis.AS_OF
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, e.g. 2022-03-01."},
    )
    date_to = forms.DateField(
        label="To (inclusive)",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date as YYYY-MM-DD, e.g. 2022-03-31."},
    )
    has_figure = forms.CharField(
        label="Figures",
        required=False,
        widget=forms.Select(choices=HAS_FIGURE_CHOICES),
    )
    # Not a filter: how the CSV files are encoded (a text field, so "perhaps" is refused; the
    # page renders it as a checkbox sending "true"). Excel reads a CSV without a byte-order mark
    # in the computer's legacy code page (Ukrainian becomes mojibake); with one, as UTF-8.
    for_excel = forms.CharField(
        label="For Excel (UTF-8 with byte-order mark)",
        required=False,
        help_text="CSV and HXL CSV only: opens in Excel by double-click with every script "
        "intact. Leave it off for scripts and other tools.",
    )
    duplicates = forms.ChoiceField(
        label="Duplicates",
        choices=DUPLICATES_CHOICES,
        required=False,
        help_text="Claims an editor marked as repeating an earlier claim.",
        error_messages={"invalid_choice": "duplicates must be include or exclude."},
    )

    # Parameters the form itself does not filter on but that may ride along in a URL.
    PASSIVE_PARAMETERS = frozenset({"format", "action", "page"})
    # The queue's other filters (factcheck.filters.ClaimFilter), so that "Export these" from
    # the queue exports exactly what the editor filtered. The queue validates and applies them.
    QUEUE_PARAMETERS = ("assignee", "created_after", "created_before", "q", "sort")

    def __init__(self, data=None, request=None, **kwargs):
        self.request = request
        self.problems = []
        if data is not None:
            self.problems = self._parameter_problems(data)
        super().__init__(data, **kwargs)

    def _parameter_problems(self, data):
        known = set(self.base_fields) | self.PASSIVE_PARAMETERS | set(self.QUEUE_PARAMETERS)
        listed = ", ".join(sorted([*self.base_fields, *self.QUEUE_PARAMETERS]))
        problems = []
        for name in data:
            if name not in known:
                problems.append(f"Unknown filter “{name}”. Known filters: {listed}.")
            elif name != "status" and hasattr(data, "getlist") and len(data.getlist(name)) > 1:
                problems.append(f"“{name}” was given more than once; give it once.")
        return problems

    def is_valid(self):
        valid = super().is_valid()
        for problem in self.problems:
            self.add_error(None, problem)
        return valid and not self.problems

    def clean_status(self):
        return self.cleaned_data["status"] or [Status.CONFIRMED]

    def clean_date_basis(self):
        return self.cleaned_data["date_basis"] or DateBasis.AS_OF

    def clean_duplicates(self):
        return self.cleaned_data["duplicates"] or "exclude"

    def clean_counted(self):
        return " ".join(self.cleaned_data["counted"].split())

    def clean_has_figure(self):
        word = self.cleaned_data["has_figure"].strip().lower()
        if word in ("",) or word in TRUE_WORDS:
            return True
        if word == "any":
            return None
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError("has_figure must be true, false or any.")

    def clean_for_excel(self):
        word = self.cleaned_data["for_excel"].strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS or word in ("", "false"):
            return False
        raise forms.ValidationError("for_excel must be true or false.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        cleaned["queue_filter"] = self._queue_filter(cleaned)
        return cleaned

    def _queue_filter(self, cleaned):
        """The queue's ClaimFilter for the queue-only parameters given, or None."""
        given = {name: self.data.get(name) for name in self.QUEUE_PARAMETERS}
        given = {name: value for name, value in given.items() if value}
        if not given:
            return None
        if given.get("assignee") == "me" and self.request is None:
            self.add_error(None, "assignee=me needs a signed-in user; give a user id instead.")
            return None
        data = QueryDict(mutable=True)
        # Our statuses go along so the queue does not fall back to its own default (open).
        data.setlist("status", cleaned.get("status") or [Status.CONFIRMED])
        data.update(given)
        queue_filter = ClaimFilter(data, queryset=Claim.objects.all(), request=self.request)
        if not queue_filter.is_valid():
            for field, errors in queue_filter.errors.items():
                for error in errors:
                    self.add_error(None, f"{field}: {error}" if field != "__all__" else error)
            return None
        return queue_filter

    def error_text(self):
        """All problems as one paragraph a person can act on."""
        lines = []
        for field, errors in self.errors.items():
            prefix = "" if field == "__all__" else f"{field}: "
            lines.extend(prefix + str(error) for error in errors)
        return "\n".join(lines)

    def description(self):
        """The applied filters, as plain data (for the JSON export's `filters`)."""
        data = self.cleaned_data
        described = {
            "status": list(data["status"]),
            "date_basis": data["date_basis"],
            "duplicates": data["duplicates"],
        }
        if data["has_figure"] is not None:
            described["has_figure"] = data["has_figure"]
        if data.get("claimant"):
            described["claimant"] = {"id": data["claimant"].pk, "name": data["claimant"].name}
        for name in ("counted", "date_from", "date_to"):
            if data.get(name):
                value = data[name]
                described[name] = value.isoformat() if isinstance(value, date) else value
        for name in self.QUEUE_PARAMETERS:
            if self.data.get(name):
                described[name] = self.data.get(name)
        return described


def _latest_verdict_change():
    """The audit row that gave the claim its current verdict."""
    return StatusChange.objects.filter(claim=OuterRef("pk"), to_status=OuterRef("status")).order_by(
        "-changed_at", "-id"
    )


# The verdict's maker: as an imported file recorded them (they may have no account here), or
# else the user who gave it here.
_VERIFIER = Coalesce(NullIf("recorded_verifier", Value("")), "actor__username")


def _only_for_verdicts(subquery):
    return Case(When(status__in=FINAL_STATUSES, then=subquery), default=None)


def claims_for_export(filters):
    """The claims `filters` (a cleaned ExportFilterForm's data) selects, with verified_by
    and verified_at annotated from the audit trail in the same query (no N+1)."""
    verdict = _latest_verdict_change()
    queryset = Claim.objects.annotate(
        verified_by=_only_for_verdicts(Subquery(verdict.values(verifier=_VERIFIER)[:1])),
        verified_at=_only_for_verdicts(Subquery(verdict.values(at=verdict_time())[:1])),
    ).filter(status__in=filters["status"])
    if filters.get("has_figure") is not None:
        queryset = queryset.filter(value__isnull=not filters["has_figure"])
    if filters.get("duplicates", "exclude") == "exclude":
        queryset = queryset.filter(duplicate_of__isnull=True)
    if filters.get("claimant"):
        queryset = queryset.filter(claimant=filters["claimant"])
    if filters.get("counted"):
        queryset = counted_contains(queryset, filters["counted"])
    queryset = queryset.filter(_date_condition(filters))
    queue_filter = filters.get("queue_filter")
    if queue_filter is not None:
        # The queue's own filters and, if asked for, its sort order.
        queryset = queue_filter.filter_queryset(queryset)
        if queue_filter.form.cleaned_data.get("sort"):
            return queryset
    return queryset.order_by("id")


def _date_condition(filters):
    start, end = filters.get("date_from"), filters.get("date_to")
    if filters.get("date_basis") == DateBasis.VERIFIED:
        # Whole days in the site's time zone: the end date is included.
        condition = Q()
        if start:
            condition &= Q(verified_at__gte=start_of_day(start))
        if end and end_of_day(end) is not None:
            condition &= Q(verified_at__lt=end_of_day(end))
        return condition
    condition = Q()
    if start:
        condition &= Q(as_of__gte=start)
    if end:
        condition &= Q(as_of__lte=end)
    return condition
