"""The Django admin: a back office over the same services the pages use."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.text import Truncator

from factcheck.claims import services as claim_services
from factcheck.claims.assignment import assign_claim
from factcheck.claims.claimants import change_claimant
from factcheck.claims.validation import EDITABLE_FIELDS, FigureField, https_by_default
from factcheck.errors import ClaimLockedError, Refusal, StaleClaimError, as_refusal
from factcheck.logins.models import LoginFailure
from factcheck.models import (
    Article,
    Claim,
    Claimant,
    ClaimChange,
    Comment,
    DraftedClaim,
    Evidence,
    Notification,
    QuantityChange,
    StatusChange,
    TrackedQuantity,
    is_storable_id,
)
from factcheck.permissions import can_review
from factcheck.tracker.services import (
    QUANTITY_FIELDS,
    create_quantity,
    unit_change_problems,
    update_quantity,
)
from factcheck.workflow.services import transition_claim
from factcheck.workflow.transitions import TRANSITIONS


class IdOnlyAutocomplete(AutocompleteSelect):
    """The admin's autocomplete select, which shows the posted choice again when the form has
    an error: only a storable id is looked up, so "Â²" (which int() refuses) or a number past
    64 bits gets the field's "Select a valid choice" instead of failing the page."""

    def optgroups(self, name, value, attr=None):
        ids = [v for v in value if str(v).isascii() and str(v).isdigit() and is_storable_id(int(v))]
        return super().optgroups(name, ids, attr)


# Typed addresses without a scheme get https://, as Django 6 will do; figures are read by the
# same rule as in forms and files (factcheck.claims.validation.parse_figure).
URL_FIELDS = {
    models.URLField: {"assume_scheme": "https"},
    models.DecimalField: {"form_class": FigureField},
}


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # A correction, recorded on every claim of the claimant (factcheck.claims.claimants).
        data = {field: form.cleaned_data[field] for field in form.changed_data}
        saved = change_claimant(claimant=obj, actor=request.user, data=data)
        obj.name, obj.kind, obj.url = saved.name, saved.kind, saved.url


class ReadOnlyInline(admin.TabularInline):
    formfield_overrides = URL_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EvidenceInline(ReadOnlyInline):
    """Evidence is added on the claim page, through the same service as everywhere."""

    model = Evidence
    fields = ["stance", "url", "title", "note", "added_by", "added_at"]
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields


def _transition_action(transition):
    """An admin action that applies one transition of the table to each selected claim through
    the workflow service. Transitions needing a note are left to the claim page."""

    def action(modeladmin, request, queryset):
        moved, refused = 0, []
        for claim in queryset:
            try:
                transition_claim(
                    claim=claim,
                    to_status=transition.target,
                    actor=request.user,
                    note="Applied from the admin.",
                    expected_version=claim.version,
                )
                moved += 1
            except Refusal as refusal:
                refused.append(f"Claim {claim.pk}: {refusal}")
        if moved:
            modeladmin.message_user(request, f"{transition.label}: {moved} claim(s) moved.")
        for message in refused:
            modeladmin.message_user(request, message, level=messages.WARNING)

    action.__name__ = f"transition_{transition.name}"
    action.short_description = f"{transition.label} (selected claims)"
    action.allowed_permissions = ("review",)
    return action


class ClaimAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Claim
        fields = [*EDITABLE_FIELDS, "assigned_to"]
        formfield_callback = https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        # Checked here too so that the admin shows the refusal with the user's input kept;
        # the service checks again inside its transaction.
        data = super().clean()
        # Assigning is not content: a claim with a verdict can still be given to someone.
        if self.instance.pk and set(self.changed_data) & set(EDITABLE_FIELDS):
            current = Claim.objects.get(pk=self.instance.pk)
            if current.is_final:
                raise ValidationError(str(ClaimLockedError(current)))
            if data.get("expected_version") not in (None, current.version):
                raise ValidationError(str(StaleClaimError(current, data["expected_version"])))
        return data


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    form = ClaimAdminForm
    list_display = [
        "id",
        "short_statement",
        "claimant",
        "figure_text",
        "status",
        "assigned_to",
        "created_at",
    ]
    list_display_links = ["id", "short_statement"]
    list_filter = ["status", "claimant__kind", "qualifier", "created_at"]
    list_select_related = ["claimant", "assigned_to"]
    search_fields = ["statement", "claimant__name", "methodology_notes", "counted"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["claimant"]
    readonly_fields = ["status", "version", "created_by", "updated_by", "created_at", "updated_at"]
    raw_id_fields = ["assigned_to"]
    inlines = [EvidenceInline, StatusChangeInline]
    fieldsets = [
        (None, {"fields": ["statement", "claimant", "expected_version"]}),
        (
            "Figure",
            {"fields": ["qualifier", "value", "value_high", "unit", "counted", "place", "as_of"]},
        ),
        ("Verification", {"fields": ["status", "methodology_notes", "assigned_to"]}),
        ("Where it appeared", {"fields": ["source_url", "source_title", "source_date"]}),
        ("Publishing", {"fields": ["published_url"]}),
        ("Record", {"fields": ["version", "created_by", "updated_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description="statement")
    def short_statement(self, claim):
        return str(claim)

    @admin.display(description="figure")
    def figure_text(self, claim):
        return claim.figure_text or "—"

    actions = [_transition_action(t) for t in TRANSITIONS if not t.note_required]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            db = kwargs.get("using")
            kwargs["widget"] = IdOnlyAutocomplete(db_field, self.admin_site, using=db)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_review_permission(self, request):
        return can_review(request.user)

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in EDITABLE_FIELDS if f in form.cleaned_data}
        content_changed = not change or set(form.changed_data) & set(data)
        try:
            if not change:
                saved = claim_services.create_claim(actor=request.user, data=data)
            elif content_changed:
                saved = claim_services.update_claim(
                    claim=obj,
                    actor=request.user,
                    data=data,
                    expected_version=form.cleaned_data.get("expected_version") or obj.version,
                )
            else:
                saved = Claim.objects.get(pk=obj.pk)
            if "assigned_to" in form.changed_data:
                assign_claim(
                    claim=saved, assignee=form.cleaned_data["assigned_to"], actor=request.user
                )
        except (Refusal, ValidationError) as error:
            # Surface the refusal instead of a traceback; nothing was written.
            self.message_user(request, str(as_refusal(error)), level=messages.ERROR)
            raise _AdminRefusal from error
        form.instance = saved
        obj.pk, obj.version = saved.pk, saved.version

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _AdminRefusal:
            return HttpResponseRedirect(request.get_full_path())


class _AdminRefusal(Exception):
    pass


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """Browse and remove evidence; adding goes through the claim page's service."""

    formfield_overrides = URL_FIELDS
    list_display = ["claim", "stance", "title", "url", "added_by", "added_at"]
    list_filter = ["stance"]
    search_fields = ["url", "title", "note"]
    list_select_related = ["claim", "added_by"]
    readonly_fields = ["claim", "url", "title", "note", "stance", "added_by", "added_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not obj.claim.is_final)

    # Removal goes through the claim page's service, which records it in the claim's history.
    def delete_model(self, request, obj):
        self._remove(request, obj)

    def delete_queryset(self, request, queryset):
        for item in queryset.select_related("claim"):
            self._remove(request, item)

    @staticmethod
    def _remove(request, item):
        try:
            claim_services.remove_evidence(evidence=item, actor=request.user, note="In the admin.")
        except Refusal as error:
            messages.error(request, f"Evidence {item.pk} was not removed: {error}")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the admin shows and never writes: they are written by services (with their audit
    rows, events and notifications), which a form here would bypass."""

    formfield_overrides = URL_FIELDS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditTrailAdmin(ReadOnlyAdmin):
    """The audit trail: readable, never writable. Each trail's `fields` put the row's subject
    first and who and when after the change (the models inherit actor and changed_at from
    AuditRow, so their own field order starts with those)."""

    list_select_related = ["claim", "actor"]
    date_hierarchy = "changed_at"


@admin.register(StatusChange)
class StatusChangeAdmin(AuditTrailAdmin):
    fields = [
        "claim",
        "from_status",
        "to_status",
        "actor",
        "note",
        "changed_at",
        "recorded_verifier",
        "recorded_status",
        "recorded_at",
    ]
    list_display = ["changed_at", "claim", "from_status", "to_status", "actor"]
    list_filter = ["to_status", "from_status", "changed_at"]
    search_fields = ["claim__statement", "actor__username", "note"]


@admin.register(ClaimChange)
class ClaimChangeAdmin(AuditTrailAdmin):
    fields = ["claim", "field", "old_value", "new_value", "actor", "note", "changed_at"]
    list_display = ["changed_at", "claim", "field", "old_value", "new_value", "actor"]
    list_filter = ["field", "changed_at"]
    search_fields = ["claim__statement", "actor__username", "old_value", "new_value"]


@admin.register(QuantityChange)
class QuantityChangeAdmin(AuditTrailAdmin):
    fields = ["quantity", "field", "old_value", "new_value", "actor", "changed_at"]
    list_select_related = ["quantity", "actor"]
    list_display = ["changed_at", "quantity", "field", "old_value", "new_value", "actor"]
    list_filter = ["field", "changed_at"]
    search_fields = ["quantity__name", "actor__username", "old_value", "new_value"]


class TrackedQuantityAdminForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "unit" in self.changed_data:
            for problem in unit_change_problems(self.instance):
                self.add_error("unit", problem)
        return cleaned


@admin.register(TrackedQuantity)
class TrackedQuantityAdmin(admin.ModelAdmin):
    """Name and describe tracked quantities; claims are attached on the pages, through
    factcheck.tracker.services. Deleting one that still has claims is refused (PROTECT)."""

    list_display = ["name", "counted", "unit", "place", "claim_count"]
    search_fields = ["name", "counted", "place"]
    form = TrackedQuantityAdminForm

    def save_model(self, request, obj, form, change):
        # The same services as the pages, so every change is recorded (QuantityChange).
        data = {name: getattr(obj, name) for name in QUANTITY_FIELDS}
        if change:
            update_quantity(quantity=obj, actor=request.user, data=data)
        else:
            obj.pk = create_quantity(actor=request.user, data=data).pk

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claims_count=models.Count("claims"))

    @admin.display(description="claims", ordering="claims_count")
    def claim_count(self, quantity):
        return quantity.claims_count


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    """The discussion, to look things up. Hiding, editing and deleting a comment go through
    factcheck.discussion.services on the claim page (each leaves a ClaimChange row)."""

    list_display = ["created_at", "claim", "author", "short_body", "edited_at", "hidden_at"]
    list_filter = [("hidden_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["claim", "author"]
    search_fields = ["body", "author__username", "hidden_reason"]
    date_hierarchy = "created_at"

    @admin.display(description="comment")
    def short_body(self, comment):
        return Truncator(comment.body).chars(80) if comment.body else "(hidden)"


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    """Checked wrong passwords, which the login throttle counts (factcheck.logins.throttle).
    Deleting a user's rows lets their new browsers be checked at once again; browsers they
    have logged in from are never slowed by others' failures anyway."""

    list_display = ["failed_at", "username", "address", "trusted"]
    list_filter = ["trusted", "failed_at"]
    search_fields = ["username", "address"]
    date_hierarchy = "failed_at"

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Who was told what, e.g. to answer "why did I get this?". Written by
    factcheck.notifications.dispatch with the change that caused it."""

    list_display = ["created_at", "recipient", "event", "text", "read_at", "emailed_at"]
    list_filter = [
        "event",
        ("read_at", admin.EmptyFieldListFilter),
        ("emailed_at", admin.EmptyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["recipient"]
    search_fields = ["text", "recipient__username"]
    date_hierarchy = "created_at"


class DraftedClaimInline(ReadOnlyInline):
    model = DraftedClaim
    fields = ["quote", "state", "origin", "claim", "decided_by", "decided_at"]
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    """Articles pasted into intake and what was drafted from them. Pasting, drafting and
    filing go through factcheck.intake.services on the intake pages; the text is not editable
    here, since each draft locates its quote in it by position."""

    list_display = ["title", "publisher", "published", "uploaded_by", "created_at"]
    list_filter = ["published", "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "created_at"
    inlines = [DraftedClaimInline]


@admin.register(DraftedClaim)
class DraftedClaimAdmin(ReadOnlyAdmin):
    """Drafts across articles, e.g. every rejected one; accepting and rejecting are the intake
    review page's (factcheck.intake.services)."""

    list_display = ["article", "quote", "state", "origin", "claim", "decided_by", "decided_at"]
    list_filter = ["state", "origin", "vague"]
    list_select_related = ["article", "claim", "decided_by"]
    search_fields = ["quote", "statement", "claimant_name", "counted", "article__title"]
