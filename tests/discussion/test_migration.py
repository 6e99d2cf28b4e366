"""Migration 0022 gives the comments written before it the mentions they were written with."""

import importlib

import pytest
from django.apps import apps

from factcheck.models import Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "factcheck.migrations.0022_comment_mentions_evidence_notifications"
)


def test_old_comments_mention_the_people_they_named_not_at_signs_in_links(claim, editor):
    UserFactory(username="ministry")
    old = Comment.objects.create(
        claim=claim,
        author=editor,
        body="@Reporter see https://medium.com/@ministry/x and ask @editor; desk@un.org",
    )
    plain = Comment.objects.create(claim=claim, author=editor, body="No one named")
    migration.fill_mentions(apps, None)
    old.refresh_from_db()
    plain.refresh_from_db()
    assert (old.mentions, plain.mentions) == (["reporter", "editor"], [])
