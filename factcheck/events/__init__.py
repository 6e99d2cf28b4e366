"""Events: every change to a claim, written in the same transaction as the change (an outbox),
for webhooks and later consumers. `services.emit` writes one; `payloads` says what it carries."""
