"""The webhook settings pages (/settings/webhooks/): subscriptions, their state and delivery
log. Thin: `webhooks.services` writes, `webhooks.selectors` reads."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from factcheck import permissions
from factcheck.errors import InvalidInput, NotPermitted
from factcheck.models import EventType, WebhookSubscription
from factcheck.webhooks import selectors, services
from factcheck.webhooks.forms import SubscriptionForm

# The secret of a subscription just made waits here for its one showing.
NEW_SUBSCRIPTION_SESSION_KEY = "webhook-secret-{pk}"


class SubscriptionListView(PermissionRequiredMixin, View):
    permission_required = permissions.MANAGE_WEBHOOKS

    def get(self, request):
        return render(
            request,
            "webhooks/subscription_list.html",
            {"subscriptions": selectors.subscriptions(actor=request.user)},
        )


class SubscriptionCreateView(PermissionRequiredMixin, FormView):
    permission_required = permissions.MANAGE_WEBHOOKS
    template_name = "webhooks/subscription_form.html"
    form_class = SubscriptionForm

    def form_valid(self, form):
        try:
            subscription, secret = services.create_subscription(
                actor=self.request.user,
                url=form.cleaned_data["url"],
                event_types=form.cleaned_data["event_types"],
                description=form.cleaned_data["description"],
            )
        except InvalidInput as refusal:
            for problem in refusal.problems:
                form.add_error(problem.field, str(problem))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        self.request.session[NEW_SUBSCRIPTION_SESSION_KEY.format(pk=subscription.pk)] = secret
        return redirect("webhook-detail", pk=subscription.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SubscriptionEditView(PermissionRequiredMixin, FormView):
    """Change a subscription's address, event types or description, through the service the
    API's PATCH calls (`update_subscription`: the same checks, the secret unchanged)."""

    permission_required = permissions.MANAGE_WEBHOOKS
    template_name = "webhooks/subscription_edit.html"
    form_class = SubscriptionForm

    @cached_property
    def subscription(self):
        # Looked up once the permission is checked: nobody else learns which ids exist.
        return get_object_or_404(WebhookSubscription, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": "Save changes"}

    def get_initial(self):
        return {
            "url": self.subscription.url,
            "event_types": self.subscription.event_types,
            "description": self.subscription.description,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(subscription=self.subscription, **kwargs)

    def form_valid(self, form):
        try:
            services.update_subscription(
                actor=self.request.user,
                subscription=self.subscription,
                url=form.cleaned_data["url"],
                event_types=form.cleaned_data["event_types"],
                description=form.cleaned_data["description"],
            )
        except InvalidInput as refusal:
            for problem in refusal.problems:
                form.add_error(problem.field, str(problem))
            return self.form_invalid(form)
        messages.success(self.request, "Saved. The signing secret is unchanged.")
        return redirect("webhook-detail", pk=self.subscription.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SubscriptionDetailView(PermissionRequiredMixin, View):
    permission_required = permissions.MANAGE_WEBHOOKS

    def get(self, request, pk):
        subscription = get_object_or_404(WebhookSubscription.objects.select_related(), pk=pk)
        return render(
            request,
            "webhooks/subscription_detail.html",
            {
                "subscription": subscription,
                # Shown once: taken out of the session as it is rendered.
                "secret": request.session.pop(NEW_SUBSCRIPTION_SESSION_KEY.format(pk=pk), None),
                "event_labels": [
                    EventType(t).label for t in subscription.event_types if t in EventType.values
                ],
                "attempts": selectors.delivery_log(actor=request.user, subscription=subscription),
            },
        )


ACTIONS = {
    "pause": (services.pause_subscription, "Paused: nothing is sent until you resume it."),
    "resume": (services.resume_subscription, "Resumed: pending events are being sent."),
}


@require_POST
def act(request, pk, action):
    """Pause or resume a subscription (POST)."""
    if not permissions.can_manage_webhooks(request.user):
        raise NotPermitted("You do not have permission to manage webhooks.")
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    service, message = ACTIONS[action]
    service(actor=request.user, subscription=subscription)
    messages.success(request, message)
    return redirect("webhook-detail", pk=pk)


@require_POST
def delete(request, pk):
    """Delete a subscription and its delivery log (POST)."""
    if not permissions.can_manage_webhooks(request.user):
        raise NotPermitted("You do not have permission to manage webhooks.")
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    services.delete_subscription(actor=request.user, subscription=subscription)
    messages.success(request, f"Deleted the subscription for {subscription.url}.")
    return redirect("webhook-list")
