"""The data model: who claims what, which figure, how it was verified."""

import uuid

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Upper
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from factcheck.limits import FigureField
from factcheck.text import fold

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
    # fold(name), kept by `keep_folded_text` on every save: what claimant matching compares and
    # what is unique ("UNHCR", "unhcr", "ХАРКІВ" and "харків" are one claimant each, on
    # SQLite as on PostgreSQL, whose LOWER() SQLite only applies to ASCII).
    name_folded = models.CharField(max_length=400, unique=True, blank=True, editable=False)

    objects = ClaimantManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        # Checked here because name_folded is not on any form, so Django's own unique check
        # would skip it and the database would refuse the save instead (a 500 in the admin).
        self.name_folded = fold(self.name or "")
        taken = Claimant.objects.filter(name_folded=self.name_folded).exclude(pk=self.pk)
        if self.name and taken.exists():
            raise ValidationError({"name": "A claimant with this name already exists."})

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
    # At most 15 digits, 4 after the point: what both databases store exactly (factcheck.limits).
    value = FigureField(null=True, blank=True)
    value_high = FigureField(
        "upper value",
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
    published_url = models.URLField(
        "published fact check",
        max_length=500,
        blank=True,
        validators=[web_url],
        help_text="The public page on your site where this fact check is published "
        "(ClaimReview's url).",
    )

    # fold() of SEARCHED_FIELDS (statement, methodology notes, place, source title), joined by
    # SEARCH_SEPARATOR, and of what
    # is counted: kept by `keep_folded_text` on every save, searched by the queue, the
    # exports and duplicate detection so that case, typographic quotes and dashes and
    # Unicode forms never decide a match, on either database. Never shown to people.
    search_text = models.TextField(blank=True, default="", editable=False)
    counted_folded = models.TextField(blank=True, default="", editable=False)

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


# Between the folded texts in Claim.search_text. fold() turns it into a space (str.split()
# counts it as white space), so no folded search term can span two of them.
SEARCH_SEPARATOR = "\x1f"
# What the queue's text search reads, in this order: the statement must come first (duplicate
# detection matches on it as a prefix).
SEARCHED_FIELDS = ("statement", "methodology_notes", "place", "source_title")
# A claim's figure, field by field, in the order a reader takes it in: the number (or range),
# how it was put, its unit, what it counts, where and as of when. Every list of claim fields
# that carries the figure spells it with this (validation, queue rows, matching, the API).
FIGURE_FIELDS = ("value", "value_high", "qualifier", "unit", "counted", "place", "as_of")


def claim_search_text(*texts: str) -> str:
    """The folded texts of SEARCHED_FIELDS, in that order, joined by SEARCH_SEPARATOR."""
    return SEARCH_SEPARATOR.join(fold(text or "") for text in texts)


def fill_folded_text(instance) -> None:
    """Set the folded columns of a Claim or Claimant from its text (also for bulk_create,
    which sends no signals)."""
    if isinstance(instance, Claimant):
        instance.name_folded = fold(instance.name or "")
    elif isinstance(instance, Claim):
        instance.search_text = claim_search_text(
            *(getattr(instance, field) for field in SEARCHED_FIELDS)
        )
        instance.counted_folded = fold(instance.counted or "")


@receiver(pre_save, sender=Claimant)
@receiver(pre_save, sender=Claim)
def keep_folded_text(sender, instance, raw=False, **kwargs):
    """pre_save, not save(): loaddata (raw saves) must fill them too."""
    fill_folded_text(instance)


class Evidence(models.Model):
    """A source that supports, contradicts or gives context to a claim."""

    # PROTECT: evidence goes only through claims.services.remove_evidence, which records it.
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
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


class AuditRow(models.Model):
    """What every append-only audit row holds: who made the change (`actor`, PROTECTed: the
    trail outlives no one's account) and when (`changed_at`); listed newest first. Abstract:
    each trail keeps its own table."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-changed_at", "-id"]
        get_latest_by = "changed_at"


class FieldChange(AuditRow):
    """An audit row for one field of a record: its name and its value before and after, as
    text (factcheck.history.recorder.as_text)."""

    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta(AuditRow.Meta):
        abstract = True


class StatusChange(AuditRow):
    """Append-only audit row: one for every change of a claim's status."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    note = models.TextField(blank=True)
    # A verdict made elsewhere and imported: who made it there, as the file names them (not an
    # account here; the actor is the importing user), and which verdict it was (also when the
    # two-person rule lets it arrive in review for a second editor to decide).
    recorded_verifier = models.CharField(max_length=150, blank=True)
    recorded_status = models.CharField(max_length=20, choices=Status, blank=True)
    # ... and when it was made there, as the file records it (`verified_at`). `changed_at` is
    # always when the row was written here: on PostgreSQL the database refuses any other time
    # from the app's role (migration 0020), so nobody can back-date an audit row.
    recorded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.claim_id}: {self.from_status} → {self.to_status}"


def verdict_time():
    """A StatusChange's verdict time, as an expression: when its imported file says the
    verdict was made (`recorded_at`), else when the row was written here (`changed_at`)."""
    return Coalesce("recorded_at", "changed_at")


class ClaimChange(FieldChange):
    """Append-only audit row: one for every change of a claim's content or filing (a field of
    its statement, claimant, figure, methodology or sources; evidence; assignment; tracked
    quantity), with the value before and after as text. Status changes are StatusChange rows;
    the claim page shows both as one timeline (factcheck.history.timeline)."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="changes")
    # `field`: a Claim field name ("value", "place", ...) or "evidence", "assigned_to",
    # "quantity", "comment".
    note = models.TextField(blank=True)

    class Meta(FieldChange.Meta):
        indexes = [models.Index(fields=["claim", "changed_at"], name="claimchange_claim_idx")]

    def __str__(self):
        return f"{self.claim_id}: {self.field} {self.old_value!r} → {self.new_value!r}"


class QuantityChange(FieldChange):
    """Append-only audit row: one for every change of a tracked quantity's name, what it
    counts, unit, place or description, with the value before and after. Kept per quantity
    (not copied onto each attached claim): a quantity with no claims yet still has a history,
    and renaming one with a thousand claims writes one row, not a thousand."""

    quantity = models.ForeignKey(TrackedQuantity, on_delete=models.PROTECT, related_name="changes")

    def __str__(self):
        return f"{self.quantity_id}: {self.field} {self.old_value!r} → {self.new_value!r}"

    @property
    def field_label(self):
        try:
            return str(TrackedQuantity._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:
            return self.field


class ApiToken(models.Model):
    """A secret that lets a program act as its user through the API (`factcheck.api`).

    Only the SHA-256 digest of the secret is stored; the secret is shown once, when the token
    is made. `prefix` is the token's first characters, kept in clear so people can tell their
    tokens apart in lists and logs. A token is revoked rather than deleted, so the list says
    which token was used until when. The request counter (`window_*`) is the per-token rate
    limit, kept here so every app server sees the same count."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    window_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    window_requests = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self):
        return self.revoked_at is None and not self.is_expired


class Article(models.Model):
    """A news article pasted or uploaded into the intake (issue 17): the source record that the
    claims drafted from it link back to. `text` is stored as the engine read it (plain text,
    line ends as \\n), so the offsets of its drafts stay true."""

    text = models.TextField()
    url = models.URLField("address", max_length=500, blank=True, validators=[web_url])
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField("publication date")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("use_intake", "Can paste articles and file the claims drafted from them")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intake-review", args=[self.pk])


class DraftState(models.TextChoices):
    PENDING = "pending", "To review"
    ACCEPTED = "accepted", "Filed"
    REJECTED = "rejected", "Rejected"


class DraftOrigin(models.TextChoices):
    ENGINE = "engine", "Suggested"
    BY_HAND = "by_hand", "Drafted by hand"


class DraftedClaim(models.Model):
    """One figure claim drafted from an article (by the extraction engine or by an editor who
    picked a sentence), and what became of it. `start`/`end` locate the quote and
    `sentence_start`/`sentence_end` its sentence in `article.text`. An accepted draft names
    the claim filed from it: that is how a claim links back to its article and sentence."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="drafts")
    origin = models.CharField(max_length=10, choices=DraftOrigin, default=DraftOrigin.ENGINE)
    state = models.CharField(max_length=10, choices=DraftState, default=DraftState.PENDING)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    quote = models.TextField()
    # What the engine drafted (kept as drafted; the claim holds what the editor filed).
    statement = models.TextField()
    claimant_name = models.CharField(max_length=200, blank=True)
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    value_high = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    qualifier = models.CharField(max_length=20, choices=Qualifier, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    counted = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)
    as_of = models.DateField(null=True, blank=True)
    vague = models.BooleanField(default=False)
    # SET_NULL: the link is filing, not evidence; deleting a claim (admin) must stay possible.
    claim = models.OneToOneField(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="drafted_from"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["article", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lte=models.F("end"))
                & Q(sentence_start__lte=models.F("start"))
                & Q(end__lte=models.F("sentence_end")),
                name="drafted_claim_quote_within_sentence",
            ),
        ]

    def __str__(self):
        return f"{self.article_id}: {self.quote}"


class EventType(models.TextChoices):
    """What happened to a claim: the `type` of an event and of the webhook that carries it.
    Values are stable: receivers switch on them."""

    CLAIM_CREATED = "claim.created", "Claim created"
    CLAIM_EDITED = "claim.edited", "Content edited"
    STATUS_CHANGED = "claim.status_changed", "Status changed"
    EVIDENCE_ADDED = "claim.evidence_added", "Evidence added"
    EVIDENCE_CHANGED = "claim.evidence_changed", "Evidence changed or removed"
    ASSIGNED = "claim.assigned", "Assigned"
    ATTACHED = "claim.attached", "Attached to a tracked quantity"
    IMPORTED = "claim.imported", "Imported"


class Event(models.Model):
    """One change to a claim, written in the transaction that makes the change (an outbox):
    committed together with it, or not at all. Append-only."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=40, choices=EventType)
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField(default=timezone.now)
    # The webhook body's `data`, as JSON text: numbers exact to the last stored digit, and the
    # claim as it was when the change was written, whenever it is delivered.
    data = models.TextField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["claim", "id"], name="event_claim_idx")]

    def __str__(self):
        return f"{self.type} #{self.claim_id} ({self.uid})"

    @property
    def webhook_id(self):
        """The Standard Webhooks message id: the same on every attempt, so receivers dedupe."""
        return f"msg_{self.uid.hex}"


class WebhookSubscription(models.Model):
    """A receiver of events: its address, the event types it wants, and the secret that signs
    them (Standard Webhooks, `whsec_…`; kept to sign, shown to people once)."""

    url = models.URLField("target URL", max_length=500, validators=[web_url])
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField("active", default=True)
    # Set when a delivery ran out of retries; nothing is sent until it is resumed.
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        permissions = [("manage_webhooks", "Can manage webhook subscriptions")]

    def __str__(self):
        return self.url

    @property
    def state(self):
        if self.failing_since:
            return "failing"
        return "active" if self.is_active else "paused"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Gave up"


class WebhookDelivery(models.Model):
    """One event on its way to one subscription, written with the event. Sent in event order
    per claim and subscription; retried until delivered or out of time."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="deliveries")
    # The event's claim, copied so that "an earlier event of this claim is not delivered yet"
    # is one index lookup.
    claim_id = models.BigIntegerField()
    state = models.CharField(max_length=10, choices=DeliveryState, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A worker sending it holds it until then; after a crash another may take it over.
    locked_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event_id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="delivery_once")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(
                fields=["subscription", "claim_id", "event"], name="delivery_claim_order_idx"
            ),
        ]

    def __str__(self):
        return f"{self.event} to {self.subscription}"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: when, the answer's HTTP status, how long it took, and
    what went wrong (empty when the receiver answered 2xx)."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    attempted_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-attempted_at", "-id"]
        indexes = [models.Index(fields=["delivery", "attempted_at"], name="attempt_delivery_idx")]

    def __str__(self):
        return f"{self.attempted_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"

    @property
    def ok(self):
        return not self.error


# --- Background imports --------------------------------------------------------------------------


class ImportJob(models.Model):
    """A CSV import: uploaded and checked (the check step, nothing written), then imported
    on one click, in the request or, for a big file, on a worker. Keeps the file until it
    has been imported (or its check found problems), the check's report and then the
    import's report."""

    class State(models.TextChoices):
        # A big file's check and import each wait for a worker, then run (the task claims the
        # job by moving it from the waiting state to the running one: a doubled task runs once).
        TO_CHECK = "to_check", "Waiting for a worker to check it"
        CHECKING = "checking", "Checking"
        CHECKED = "checked", "Checked, not imported"
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Imported"
        REFUSED = "refused", "Nothing imported"
        CRASHED = "crashed", "Stopped by an error"

    filename = models.CharField(max_length=255)
    data = models.BinaryField(editable=False)
    size = models.PositiveBigIntegerField(default=0)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When its task (the check's, then the import's) was enqueued: a job still waiting long
    # after is enqueued again (factcheck.imports.tasks.requeue_waiting). The upload may be
    # long before the import's click.
    queued_at = models.DateTimeField(null=True, blank=True)
    # The ImportReport as plain data (ImportReport.as_data): of the check, then the import.
    checked = models.JSONField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    # Chosen on the check's page: rows whose figure is already in the desk are not imported.
    skip_same_figure = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.REFUSED, self.State.CRASHED)

    @property
    def being_checked(self):
        """Whether its check is waiting for a worker or running."""
        return self.state in (self.State.TO_CHECK, self.State.CHECKING)


# Models of the feature packages, defined there and registered here, the app's models module.
from factcheck.discussion.models import Comment  # noqa: E402, F401
from factcheck.logins.models import LoginFailure, LoginTurn  # noqa: E402, F401
from factcheck.notifications.models import (  # noqa: E402, F401
    DigestSent,
    EmailChoice,
    Notification,
    NotificationSettings,
    Watch,
)
