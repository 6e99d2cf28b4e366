"""Webhook subscriptions: list, subscribe (the secret comes back this once), read, change
(address, event types, description, paused or active), delete, and each subscription's
delivery log. Those who may manage webhooks only, as the /settings/webhooks/ pages. Thin:
`webhooks.services` writes, `webhooks.selectors` reads."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api.access import MayManageWebhooks
from factcheck.api.pagination import keyset_page, next_link, page_size
from factcheck.api.serializers.webhooks import (
    AttemptListSerializer,
    AttemptSerializer,
    NewSubscriptionSerializer,
    SubscriptionChangeSerializer,
    SubscriptionListSerializer,
    SubscriptionSerializer,
    SubscriptionWriteSerializer,
)
from factcheck.api.views.claims import unknown_parameters
from factcheck.api.views.tracker import PAGING
from factcheck.models import is_storable_id
from factcheck.webhooks import selectors, services

BY_ID = ("id",)
NEWEST_FIRST = ("-attempted_at", "-id")


def subscription_or_404(request, pk):
    """The subscription `pk` with its delivery counts (as the list has them), or 404."""
    found = (
        selectors.subscriptions(actor=request.user).filter(pk=pk).first()
        if is_storable_id(pk)
        else None
    )
    if found is None:
        raise Http404
    return found


def page(request, queryset, *, sort, ordering, serializer_class):
    query = request.query_params
    unknown_parameters(query, {"cursor", "page_size"})
    rows, cursor = keyset_page(
        queryset.order_by(*ordering),
        sort=sort,
        ordering=ordering,
        cursor=query.get("cursor"),
        size=page_size(query),
    )
    return Response(
        {"results": serializer_class(rows, many=True).data, "next": next_link(request, cursor)}
    )


class SubscriptionListView(APIView):
    permission_classes = [MayManageWebhooks]

    @extend_schema(
        operation_id="webhooks_list", parameters=PAGING, responses=SubscriptionListSerializer
    )
    def get(self, request):
        """Webhook subscriptions, oldest first, with their state (`failing` once a delivery
        ran out of retries) and counts of pending and failed deliveries. Never the secret."""
        subscriptions = selectors.subscriptions(actor=request.user)
        return page(
            request,
            subscriptions,
            sort="id",
            ordering=BY_ID,
            serializer_class=SubscriptionSerializer,
        )

    @extend_schema(request=SubscriptionWriteSerializer, responses={201: NewSubscriptionSerializer})
    def post(self, request):
        """Subscribe `url` (http or https, on a public address) to `event_types`. The answer
        carries the signing secret (`whsec_…`) this once: no later read shows it."""
        serializer = SubscriptionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription, secret = services.create_subscription(
            actor=request.user, **serializer.validated_data
        )
        data = NewSubscriptionSerializer(subscription_or_404(request, subscription.pk)).data
        data["secret"] = secret
        location = request.build_absolute_uri(f"{subscription.pk}/")
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": location})


class SubscriptionDetailView(APIView):
    permission_classes = [MayManageWebhooks]

    @extend_schema(responses=SubscriptionSerializer)
    def get(self, request, pk):
        """One subscription, without its secret."""
        return Response(SubscriptionSerializer(subscription_or_404(request, pk)).data)

    @extend_schema(request=SubscriptionChangeSerializer, responses=SubscriptionSerializer)
    def patch(self, request, pk):
        """Change the address, the event types or the description (judged as when
        subscribing), or pause (`"active": false`) or resume (`"active": true`: a failing
        subscription sends its undelivered events again, in order)."""
        subscription = subscription_or_404(request, pk)
        serializer = SubscriptionChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_subscription(
            actor=request.user, subscription=subscription, **serializer.validated_data
        )
        return Response(SubscriptionSerializer(subscription_or_404(request, pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        """Delete the subscription and its delivery log (the events stay)."""
        subscription = subscription_or_404(request, pk)
        services.delete_subscription(actor=request.user, subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubscriptionDeliveriesView(APIView):
    permission_classes = [MayManageWebhooks]

    @extend_schema(
        operation_id="webhooks_deliveries_list",
        parameters=PAGING,
        responses=AttemptListSerializer,
    )
    def get(self, request, pk):
        """The delivery log, newest first: each attempt's time, the receiver's HTTP status
        code, latency (ms) and error, with its event and delivery."""
        subscription = subscription_or_404(request, pk)
        attempts = selectors.attempts(actor=request.user, subscription=subscription)
        return page(
            request,
            attempts,
            sort="attempted",
            ordering=NEWEST_FIRST,
            serializer_class=AttemptSerializer,
        )
