"""Reads for the discussion: a claim's thread, and who can take part in it."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from factcheck.models import Comment
from factcheck.permissions import VIEW_CLAIM

MENTION_SUGGESTIONS = 10


def people_who_can_see(claim=None) -> QuerySet:
    """Users who may see `claim` (any claim today: every role reads every claim), as one
    query: the rule of factcheck.permissions.can_see_claim, written for many users at once
    (active, and a superuser or granted view_claim through a group or directly)."""
    app_label, codename = VIEW_CLAIM.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission)
        )
        .distinct()
    )


def named(users: QuerySet, names) -> QuerySet:
    """Those of `users` whose user name is one of `names`, ignoring case: one IN over the
    lower-cased name, however many names (a comment may hold a thousand @names)."""
    folded = {name.lower() for name in names}
    return users.annotate(folded_username=Lower("username")).filter(folded_username__in=folded)


def mention_suggestions(claim, prefix: str) -> list[dict]:
    """Up to MENTION_SUGGESTIONS people who can see `claim` whose user name or full name
    starts with `prefix` (any case), as {"username", "name"}, by user name."""
    people = people_who_can_see(claim)
    if prefix:
        people = people.filter(
            Q(username__istartswith=prefix)
            | Q(first_name__istartswith=prefix)
            | Q(last_name__istartswith=prefix)
        )
    return [
        {"username": user.username, "name": user.get_full_name()}
        for user in people.order_by("username")[:MENTION_SUGGESTIONS]
    ]


def claim_thread(claim) -> QuerySet:
    """The comments on `claim`, oldest first, with their authors and hiders: one query,
    however long the thread."""
    return Comment.objects.filter(claim=claim).select_related("author", "hidden_by")
