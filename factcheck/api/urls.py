"""The API's addresses, under /api/v1/. Every endpoint answers for itself (401 as a problem
document, not a login redirect), so the pages' login requirement is lifted for them."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path, re_path

from factcheck.api.views import (
    claims,
    discussion,
    figures,
    intake,
    matching,
    reference,
    tracker,
    webhooks,
)


def api(view_class):
    # DRF's views are csrf_exempt for Django: DRF's SessionAuthentication checks the CSRF
    # token itself for session users (a Bearer token needs none: browsers never send it).
    return login_not_required(view_class.as_view())


urlpatterns = [
    path("v1/schema/", api(reference.SchemaView), name="api-schema"),
    # The reference is a page for people: without a session, the login page as everywhere.
    path("v1/docs/", login_required(reference.DocsView.as_view()), name="api-docs"),
    path("v1/claims/", api(claims.ClaimListView), name="api-claim-list"),
    # Before claims/<int:pk>/: "matches" is not a claim's id.
    path("v1/claims/matches/", api(matching.ClaimMatchesView), name="api-claim-matches"),
    path("v1/claims/<int:pk>/", api(claims.ClaimDetailView), name="api-claim-detail"),
    path(
        "v1/claims/<int:pk>/transitions/",
        api(claims.ClaimTransitionView),
        name="api-claim-transitions",
    ),
    path("v1/claims/<int:pk>/evidence/", api(claims.ClaimEvidenceView), name="api-claim-evidence"),
    path(
        "v1/claims/<int:pk>/assignment/",
        api(claims.ClaimAssignmentView),
        name="api-claim-assignment",
    ),
    path(
        "v1/claims/<int:pk>/comments/",
        api(discussion.CommentListView),
        name="api-claim-comments",
    ),
    path(
        "v1/claims/<int:pk>/comments/<int:comment_id>/",
        api(discussion.CommentDetailView),
        name="api-claim-comment",
    ),
    path("v1/intake/", api(intake.IntakeView), name="api-intake"),
    path("v1/claimants/", api(tracker.ClaimantListView), name="api-claimant-list"),
    path("v1/claimants/<int:pk>/", api(tracker.ClaimantDetailView), name="api-claimant-detail"),
    path("v1/quantities/", api(tracker.QuantityListView), name="api-quantity-list"),
    path("v1/quantities/<int:pk>/", api(tracker.QuantityDetailView), name="api-quantity-detail"),
    path(
        "v1/quantities/<int:pk>/claims/",
        api(tracker.QuantityClaimsView),
        name="api-quantity-claims",
    ),
    path(
        "v1/quantities/<int:pk>/series/",
        api(tracker.QuantitySeriesView),
        name="api-quantity-series",
    ),
    path("v1/figures/", api(figures.FigureListView), name="api-figures"),
    path("v1/webhooks/", api(webhooks.SubscriptionListView), name="api-webhook-list"),
    path("v1/webhooks/<int:pk>/", api(webhooks.SubscriptionDetailView), name="api-webhook-detail"),
    path(
        "v1/webhooks/<int:pk>/deliveries/",
        api(webhooks.SubscriptionDeliveriesView),
        name="api-webhook-deliveries",
    ),
    re_path(r"^.*$", api(reference.NotAnEndpoint), name="api-not-found"),
]
