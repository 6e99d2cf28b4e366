"""Who may call which endpoint: DRF permission classes that ask `factcheck.permissions`, so
the API's rules are the pages' rules. Services check again when they write."""

from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from factcheck import permissions


class ReadOrRule(IsAuthenticated):
    """Any signed-in user reads; an unsafe method needs `write_rule(user)` (a can_* rule of
    factcheck.permissions, given per view as `write_rule`). Checked before the body is read,
    so a viewer gets 403 whatever was sent."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS:
            return True
        rule = getattr(view, "write_rule", None)
        # A view with no write rule has no unsafe method: let it answer 405.
        return rule is None or rule(request.user)


class MayExport(BasePermission):
    """Verified figures and series: those who may export (Editors, Viewers), as the pages."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and permissions.can_export(
            request.user
        )


class MayManageWebhooks(BasePermission):
    """Webhook subscriptions and their delivery log, read or written: those who may manage
    webhooks (permission factcheck.manage_webhooks: Editors), as the /settings/webhooks/
    pages."""

    def has_permission(self, request, view):
        return bool(
            request.user and request.user.is_authenticated
        ) and permissions.can_manage_webhooks(request.user)
