"""The data model: who claims what, which figure, how it was verified."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone

# Every primary key is a BigAutoField: ids run from 1 to the largest signed 64-bit integer.
# A number outside that range names no row, and some backends (SQLite) refuse to bind it.
MAX_ID = 2**63 - 1


def is_storable_id(number):
    return 1 <= number <= MAX_ID


class StatusWriteRefused(Exception):
    """Raised when code tries to save a status change outside the workflow service."""


class Status(models.TextChoices):
    """The independent verification status of a claim."""

    UNVERIFIED = "unverified", "Unverified"
    IN_REVIEW = "in_review", "In review"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    REFUTED = "refuted", "Refuted"


OPEN_STATUSES = (Status.UNVERIFIED, Status.IN_REVIEW)
# A claim with a verdict is locked: its content cannot change until it is reopened.
FINAL_STATUSES = (Status.CONFIRMED, Status.DISPUTED, Status.UNVERIFIABLE, Status.REFUTED)


class Qualifier(models.TextChoices):
    """How the figure's value relates to the true number, as the claimant put it."""

    EXACT = "exact", "exactly"
    APPROXIMATELY = "approximately", "approximately"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    UP_TO = "up_to", "up to"
    FEWER_THAN = "fewer_than", "fewer than"


class ClaimantKind(models.TextChoices):
    GOVERNMENT = "government", "Government"
    UN_AGENCY = "un_agency", "UN agency"
    MILITARY = "military", "Military"
    NGO = "ngo", "NGO"
    MEDIA = "media", "Media"
    PERSON = "person", "Person"
    OTHER = "other", "Other"


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Context"


# Only web links: a javascript: or data: URL in a source field would be a trap for readers.
WEB_ADDRESS_ONLY = "Enter a web address starting with http:// or https://."
web_url = URLValidator(schemes=["http", "https"], message=WEB_ADDRESS_ONLY)


class ClaimantManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Claimant(models.Model):
    """Who makes claims: a government, a UN agency, a newspaper, a person."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=ClaimantKind, default=ClaimantKind.OTHER)
    url = models.URLField("website", blank=True, validators=[web_url])

    objects = ClaimantManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # "UNHCR" and "unhcr" are one claimant; the services match names ignoring case too.
            models.UniqueConstraint(
                Lower("name"),
                name="claimant_name_unique_ignoring_case",
                violation_error_message="A claimant with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class TrackedQuantityManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class TrackedQuantity(models.Model):
    """One real-world quantity that several claims put a number on, e.g. "Civilians killed in
    Ukraine since 24 Feb 2022": the figure tracker compares every claimant's number for it."""

    name = models.CharField(max_length=200, unique=True)
    counted = models.CharField(
        "what is counted", max_length=200, help_text='E.g. "civilians killed".'
    )
    unit = models.CharField(
        max_length=20,
        blank=True,
        help_text='Only when the figure is not a count, e.g. "%". Attached claims must match.',
    )
    place = models.CharField(max_length=200, blank=True)
    description = models.TextField(
        blank=True, help_text="What is included and what is not: period, definitions, caveats."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrackedQuantityManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "tracked quantities"
        permissions = [("attach_claims", "Can attach claims to tracked quantities")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("quantity-detail", args=[self.pk])

    def natural_key(self):
        return (self.name,)


class Claim(models.Model):
    """A statement as reported, with its figure (if any) and its verification."""

    statement = models.TextField(help_text="The claim as it was reported.")
    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, related_name="claims")

    # The figure: all optional, since some claims carry no number.
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    value_high = models.DecimalField(
        "upper value",
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For ranges only: the upper end (value is the lower end).",
    )
    qualifier = models.CharField(max_length=20, choices=Qualifier, blank=True)
    unit = models.CharField(
        max_length=20, blank=True, help_text='Only when the figure is not a count, e.g. "%".'
    )
    counted = models.CharField(
        "what is counted", max_length=200, blank=True, help_text='E.g. "civilians killed".'
    )
    place = models.CharField(max_length=200, blank=True)
    as_of = models.DateField("as of", null=True, blank=True)
    # PROTECT: a quantity that still groups claims cannot be deleted by accident; an editor
    # moves or detaches its claims first (SET_NULL would silently undo that editorial work).
    quantity = models.ForeignKey(
        TrackedQuantity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name="tracked quantity",
    )
    # The earlier claim this one repeats (issue 18), set by an editor through
    # factcheck.matching.duplicates.mark_duplicate. PROTECT: the claim others point to stays.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name="duplicate of",
        editable=False,
    )

    status = models.CharField(
        max_length=20, choices=Status, default=Status.UNVERIFIED, editable=False
    )
    methodology_notes = models.TextField(
        blank=True,
        help_text="How the claim was, or why it could not be, independently verified; caveats.",
    )

    source_url = models.URLField("source URL", max_length=500, blank=True, validators=[web_url])
    source_title = models.CharField(max_length=300, blank=True)
    source_date = models.DateField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims_created",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims_assigned",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every write, so two editors never silently overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [
            ("change_own_claim", "Can edit own claims while they are unverified"),
            ("review_claim", "Can move claims through the verification workflow"),
            ("assign_claim", "Can assign claims to users"),
            ("export_claims", "Can export verified figures"),
            ("import_claims", "Can import claims from a CSV file"),
            ("mark_duplicate", "Can mark a claim as a duplicate of an earlier one"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_high__isnull=True)
                | Q(value__isnull=False, value_high__gte=models.F("value")),
                name="claim_value_high_not_below_value",
                violation_error_message="The upper value cannot be below the value.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True, qualifier="")
                | Q(value__isnull=False) & ~Q(qualifier=""),
                name="claim_qualifier_iff_value",
                violation_error_message="A figure needs both a value and a qualifier.",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | ~Q(counted=""),
                name="claim_value_says_what_is_counted",
                violation_error_message="A figure must say what is counted.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="claim_status_known",
            ),
            # A duplicate points to an earlier claim (a lower number), never to itself, so
            # two claims can never point at each other.
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | Q(duplicate_of__lt=models.F("id")),
                name="claim_duplicate_of_earlier",
                violation_error_message="A claim can only be a duplicate of an earlier claim.",
            ),
        ]
        # The queue's default view, its filters and sorts (factcheck/queries.py). Text search
        # has trigram indexes on PostgreSQL only (migration 0005_queue_indexes).
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="claim_open_queue_idx",
            ),
            models.Index(fields=["status", "created_at", "id"], name="claim_status_created_idx"),
            # Status rides along so that SQLite, which cannot prove a partial index from a
            # query's bound parameters, still walks the open queue without reading rows.
            models.Index(fields=["created_at", "id", "status"], name="claim_created_idx"),
            models.Index(fields=["updated_at", "id"], name="claim_updated_idx"),
            models.Index(fields=["assigned_to", "status", "created_at"], name="claim_assignee_idx"),
            models.Index(fields=["claimant", "created_at"], name="claim_claimant_created_idx"),
            # Claim matching's candidates (factcheck/matching/candidates.py): a date window
            # for one claimant, for one place.
            models.Index(fields=["claimant", "as_of"], name="claim_claimant_as_of_idx"),
            models.Index(Upper("place"), "as_of", name="claim_place_as_of_idx"),
        ]

    def __str__(self):
        return self.statement if len(self.statement) <= 80 else self.statement[:79] + "…"

    def save(self, *args, **kwargs):
        # Status changes go through factcheck.workflow.transition_claim only, which writes the
        # audit row with them: refuse a status that differs from the one loaded.
        stored = Status.UNVERIFIED if self._state.adding else getattr(self, "_stored_status", None)
        if "status" in self.__dict__ and stored is not None and self.status != stored:
            raise StatusWriteRefused(
                "A claim's status changes only through factcheck.workflow.transition_claim."
            )
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def get_absolute_url(self):
        return reverse("claim-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._stored_status = self.__dict__.get("status")

    @property
    def has_figure(self):
        return self.value is not None

    @property
    def figure_text(self):
        """The figure as a person reads it, e.g. 'more than 1,000,000 refugees (Ukraine, ...)'."""
        # Imported here: the wording module reads this module's Qualifier.
        from factcheck.claims.figures import describe

        return describe(self)

    @property
    def is_final(self):
        return self.status in FINAL_STATUSES


class Evidence(models.Model):
    """A source that supports, contradicts or gives context to a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField("URL", max_length=500, validators=[web_url])
    title = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    stance = models.CharField(
        max_length=20, choices=EvidenceStance, default=EvidenceStance.SUPPORTS
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title or self.url


class ClaimStatusCount(models.Model):
    """How many claims have each status. Database triggers (migration 0005_queue_indexes) keep
    it exact in the same transaction as every insert, delete and status change, so the queue's
    counts cost one tiny read instead of counting a million rows on every page."""

    status = models.CharField(max_length=20, choices=Status, primary_key=True)
    claims = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "claim count per status"

    def __str__(self):
        return f"{self.status}: {self.claims}"


class StatusChange(models.Model):
    """Append-only audit row: one for every change of a claim's status."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        get_latest_by = "changed_at"

    def __str__(self):
        return f"{self.claim_id}: {self.from_status} → {self.to_status}"


class ClaimChange(models.Model):
    """Append-only audit row: one for every change of a claim's content or filing (a field of
    its statement, claimant, figure, methodology or sources; evidence; assignment; tracked
    quantity), with the value before and after as text. Status changes are StatusChange rows;
    the claim page shows both as one timeline (factcheck.history.timeline)."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="changes")
    # A Claim field name ("value", "place", ...) or "evidence", "assigned_to", "quantity".
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        get_latest_by = "changed_at"
        indexes = [models.Index(fields=["claim", "changed_at"], name="claimchange_claim_idx")]

    def __str__(self):
        return f"{self.claim_id}: {self.field} {self.old_value!r} → {self.new_value!r}"
