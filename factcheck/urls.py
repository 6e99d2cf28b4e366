from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from factcheck import outages
from factcheck.accounts import LoggedOutView
from factcheck.api import token_pages
from factcheck.api.downloads import token_or_login
from factcheck.auth_forms import AdminLoginForm, LoginForm
from factcheck.claims import views as claims
from factcheck.discussion import views as discussion
from factcheck.exports import views as exports
from factcheck.imports import views as imports
from factcheck.intake import views as intake
from factcheck.matching import views as matching
from factcheck.notifications import views as notifications
from factcheck.queue import views as queue
from factcheck.tracker import claimant_views as claimants
from factcheck.tracker import views as quantities
from factcheck.webhooks import views as webhooks
from factcheck.workflow import views as workflow

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="claim-list"), name="home"),
    path("claims/", queue.ClaimQueueView.as_view(), name="claim-list"),
    path("claims/bulk/", queue.BulkActionView.as_view(), name="claim-bulk"),
    path("claims/new/", claims.ClaimCreateView.as_view(), name="claim-create"),
    path("claims/import/", imports.ImportView.as_view(), name="claim-import"),
    path(
        "claims/import/template.csv",
        imports.ImportTemplateView.as_view(),
        name="claim-import-template",
    ),
    path("claims/import/<int:pk>/", imports.ImportJobView.as_view(), name="claim-import-job"),
    path(
        "claims/import/<int:pk>/matches.csv",
        imports.ImportMatchesView.as_view(),
        name="claim-import-matches",
    ),
    path("claims/<int:pk>/", claims.ClaimDetailView.as_view(), name="claim-detail"),
    path("claims/<int:pk>/edit/", claims.ClaimUpdateView.as_view(), name="claim-edit"),
    path("claims/<int:pk>/evidence/", claims.add_evidence, name="claim-add-evidence"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/",
        claims.change_evidence,
        name="claim-change-evidence",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/remove/",
        claims.remove_evidence,
        name="claim-remove-evidence",
    ),
    path("claims/<int:pk>/transition/", workflow.transition, name="claim-transition"),
    path("claims/<int:pk>/assign/", claims.assign, name="claim-assign"),
    path("claims/<int:pk>/comments/", discussion.post_comment, name="comment-post"),
    path("claims/<int:pk>/mentions/", discussion.mention_candidates, name="comment-mentions"),
    path("claims/<int:pk>/watch/", notifications.watch, name="claim-watch"),
    path("comments/<int:comment_id>/edit/", discussion.edit_comment, name="comment-edit"),
    path("comments/<int:comment_id>/delete/", discussion.delete_comment, name="comment-delete"),
    path("comments/<int:comment_id>/hide/", discussion.hide_comment, name="comment-hide"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/read/", notifications.mark_all_read, name="notification-read-all"),
    path(
        "notifications/<int:notification_id>/open/",
        notifications.open_notification,
        name="notification-open",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.mark_read,
        name="notification-read",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notifications.unsubscribe,
        name="notifications-unsubscribe",
    ),
    path("settings/", notifications.user_settings, name="user-settings"),
    path("claims/<int:pk>/duplicate/", matching.duplicate, name="claim-duplicate"),
    path("exports/", exports.ExportPageView.as_view(), name="export-page"),
    path(
        "exports/figures.csv",
        token_or_login(exports.ExportDownloadView.as_view(format_key="csv")),
        name="export-csv",
    ),
    path(
        "exports/figures.json",
        token_or_login(exports.ExportDownloadView.as_view(format_key="json")),
        name="export-json",
    ),
    path(
        "exports/figures-hxl.csv",
        token_or_login(exports.ExportDownloadView.as_view(format_key="hxl")),
        name="export-hxl",
    ),
    path(
        "exports/claimreview.jsonld",
        token_or_login(exports.ExportDownloadView.as_view(format_key="claimreview")),
        name="export-claimreview",
    ),
    path("intake/", intake.IntakeView.as_view(), name="intake"),
    path("intake/<int:pk>/", intake.review, name="intake-review"),
    path("intake/<int:pk>/draft/", intake.draft_sentence, name="intake-draft-sentence"),
    path("intake/drafts/<int:pk>/accept/", intake.accept, name="intake-accept"),
    path("intake/drafts/<int:pk>/reject/", intake.reject, name="intake-reject"),
    path("intake/drafts/<int:pk>/restore/", intake.restore, name="intake-restore"),
    path("quantities/", quantities.QuantityListView.as_view(), name="quantity-list"),
    path("quantities/new/", quantities.QuantityCreateView.as_view(), name="quantity-create"),
    path("quantities/attach/", quantities.attach, name="quantity-attach"),
    path("quantities/<int:pk>/", quantities.QuantityDetailView.as_view(), name="quantity-detail"),
    path(
        "quantities/<int:pk>/edit/", quantities.QuantityUpdateView.as_view(), name="quantity-edit"
    ),
    path(
        "quantities/<int:pk>/series.csv",
        token_or_login(quantities.export),
        {"fmt": "csv"},
        name="quantity-csv",
    ),
    path(
        "quantities/<int:pk>/series.json",
        token_or_login(quantities.export),
        {"fmt": "json"},
        name="quantity-json",
    ),
    path("claimants/", claimants.ClaimantListView.as_view(), name="claimant-list"),
    path("claimants/<int:pk>/", claimants.ClaimantDetailView.as_view(), name="claimant-detail"),
    path("settings/webhooks/", webhooks.SubscriptionListView.as_view(), name="webhook-list"),
    path(
        "settings/webhooks/new/", webhooks.SubscriptionCreateView.as_view(), name="webhook-create"
    ),
    path(
        "settings/webhooks/<int:pk>/",
        webhooks.SubscriptionDetailView.as_view(),
        name="webhook-detail",
    ),
    path(
        "settings/webhooks/<int:pk>/edit/",
        webhooks.SubscriptionEditView.as_view(),
        name="webhook-edit",
    ),
    path(
        "settings/webhooks/<int:pk>/pause/", webhooks.act, {"action": "pause"}, name="webhook-pause"
    ),
    path(
        "settings/webhooks/<int:pk>/resume/",
        webhooks.act,
        {"action": "resume"},
        name="webhook-resume",
    ),
    path("settings/webhooks/<int:pk>/delete/", webhooks.delete, name="webhook-delete"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", LoggedOutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/tokens/", token_pages.TokenListView.as_view(), name="token-list"),
    path("accounts/tokens/<int:pk>/revoke/", token_pages.revoke, name="token-revoke"),
    path("api/", include("factcheck.api.urls")),
    path("admin/", admin.site.urls),
    path("healthz", outages.healthz, name="healthz"),
]

handler500 = "factcheck.outages.server_error"
