"""Webhooks: subscriptions (services), where they may point (addresses), sending one signed
request (sender), the delivery loop with retries and per-claim order (delivery), its task
(tasks), and the settings pages (forms, views)."""
