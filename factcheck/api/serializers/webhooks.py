"""Webhook subscriptions and their delivery log as JSON, and what a client sends to make or
change a subscription. The values are judged by `webhooks.services` (the address: http(s),
public unless FACTCHECK_WEBHOOKS_ALLOW_PRIVATE; the event types), as on the settings pages:
the fields here only check JSON types."""

from rest_framework import serializers

from factcheck.models import DeliveryAttempt, DeliveryState, EventType, WebhookSubscription

STATES = ["active", "paused", "failing"]


class SubscriptionSerializer(serializers.ModelSerializer):
    """A subscription as read: never its secret. `state` is `failing` once a delivery ran out
    of retries (since `failing_since`; nothing is sent until it is resumed with
    `"active": true`), else `active` or `paused`. `pending` and `failed` count deliveries."""

    event_types = serializers.ListField(child=serializers.ChoiceField(EventType.choices))
    active = serializers.BooleanField(source="is_active")
    state = serializers.ChoiceField(STATES)
    pending = serializers.IntegerField()
    failed = serializers.IntegerField()
    created_by = serializers.CharField(source="created_by.username")
    # A web address (http or https): not a "uri" in the schema's sense.
    url = serializers.CharField()

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "description",
            "event_types",
            "active",
            "state",
            "failing_since",
            "pending",
            "failed",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class NewSubscriptionSerializer(SubscriptionSerializer):
    """The subscription just made, with its signing secret: the only answer that has it."""

    secret = serializers.CharField(help_text="`whsec_…`: shown this once, keep it.")

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class SubscriptionListSerializer(serializers.Serializer):
    results = SubscriptionSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class SubscriptionWriteSerializer(serializers.Serializer):
    """POST: `url` and `event_types` required, `description` optional."""

    url = serializers.CharField(help_text="http:// or https://, on a public address")
    event_types = serializers.ListField(
        child=serializers.CharField(), help_text=f"Some of: {', '.join(EventType.values)}."
    )
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class SubscriptionChangeSerializer(SubscriptionWriteSerializer):
    """PATCH: any of `url`, `event_types`, `description`, and `active` (false pauses, true
    resumes: a failing subscription sends its undelivered events again)."""

    active = serializers.BooleanField(required=False)


class EventRefSerializer(serializers.Serializer):
    id = serializers.CharField(source="webhook_id", help_text="the `webhook-id` header sent")
    type = serializers.ChoiceField(EventType.choices)
    claim = serializers.IntegerField(source="claim_id")
    occurred_at = serializers.DateTimeField()


class DeliveryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(DeliveryState.choices)
    attempts = serializers.IntegerField()


class AttemptSerializer(serializers.ModelSerializer):
    """One try at delivering an event: when, the receiver's HTTP status (null when none
    came), how long it took (ms), what went wrong ("" when the receiver answered 2xx)."""

    event = EventRefSerializer(source="delivery.event")
    delivery = DeliveryRefSerializer()
    ok = serializers.BooleanField()

    class Meta:
        model = DeliveryAttempt
        fields = [
            "id",
            "attempted_at",
            "status_code",
            "latency_ms",
            "error",
            "ok",
            "event",
            "delivery",
        ]
        read_only_fields = fields


class AttemptListSerializer(serializers.Serializer):
    results = AttemptSerializer(many=True)
    next = serializers.CharField(allow_null=True)
