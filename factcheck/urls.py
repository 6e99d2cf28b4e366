from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from factcheck.claims import views as claims
from factcheck.exports import views as exports
from factcheck.imports import views as imports
from factcheck.matching import views as matching
from factcheck.queue import views as queue
from factcheck.tracker import claimant_views as claimants
from factcheck.tracker import views as quantities
from factcheck.workflow import views as workflow

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="claim-list"), name="home"),
    path("claims/", queue.ClaimQueueView.as_view(), name="claim-list"),
    path("claims/bulk/", queue.BulkActionView.as_view(), name="claim-bulk"),
    path("claims/new/", claims.ClaimCreateView.as_view(), name="claim-create"),
    path("claims/import/", imports.ImportView.as_view(), name="claim-import"),
    path("claims/<int:pk>/", claims.ClaimDetailView.as_view(), name="claim-detail"),
    path("claims/<int:pk>/edit/", claims.ClaimUpdateView.as_view(), name="claim-edit"),
    path("claims/<int:pk>/evidence/", claims.add_evidence, name="claim-add-evidence"),
    path("claims/<int:pk>/transition/", workflow.transition, name="claim-transition"),
    path("claims/<int:pk>/assign/", claims.assign, name="claim-assign"),
    path("claims/<int:pk>/duplicate/", matching.duplicate, name="claim-duplicate"),
    path("exports/", exports.ExportPageView.as_view(), name="export-page"),
    path(
        "exports/figures.csv",
        exports.ExportDownloadView.as_view(format_key="csv"),
        name="export-csv",
    ),
    path(
        "exports/figures.json",
        exports.ExportDownloadView.as_view(format_key="json"),
        name="export-json",
    ),
    path(
        "exports/figures-hxl.csv",
        exports.ExportDownloadView.as_view(format_key="hxl"),
        name="export-hxl",
    ),
    path(
        "exports/claimreview.jsonld",
        exports.ExportDownloadView.as_view(format_key="claimreview"),
        name="export-claimreview",
    ),
    path("quantities/", quantities.QuantityListView.as_view(), name="quantity-list"),
    path("quantities/new/", quantities.QuantityCreateView.as_view(), name="quantity-create"),
    path("quantities/attach/", quantities.attach, name="quantity-attach"),
    path("quantities/<int:pk>/", quantities.QuantityDetailView.as_view(), name="quantity-detail"),
    path("quantities/<int:pk>/series.csv", quantities.export, {"fmt": "csv"}, name="quantity-csv"),
    path(
        "quantities/<int:pk>/series.json", quantities.export, {"fmt": "json"}, name="quantity-json"
    ),
    path("claimants/<int:pk>/", claimants.ClaimantDetailView.as_view(), name="claimant-detail"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
    path("admin/", admin.site.urls),
]
