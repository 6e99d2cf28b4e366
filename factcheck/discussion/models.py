"""A claim's discussion: comments. Importable from factcheck.models like every model of the app."""

import re
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

# Long enough for a paragraph of reasoning with a few links; a report belongs in evidence.
BODY_MAX_LENGTH = 5000

# The note of a comment's audit row (ClaimChange, field "comment"): "Comment 7" (posted),
# "Comment 7 edited", "Comment 7 deleted", "Comment 7 hidden: <reason>". The claim page's
# history reads it back to know whose text a row holds (and keep a hidden comment's text off
# the page), so the services write it with audit_note and the timeline reads it with
# read_audit_note, nothing else.
AUDIT_NOTE = re.compile(r"Comment (\d+)(?: (edited|deleted|hidden)(?:: (.*))?)?", re.DOTALL)


class AuditNote(NamedTuple):
    comment_id: int
    action: str  # "posted", "edited", "deleted" or "hidden"
    reason: str  # why it was hidden; "" otherwise


def audit_note(comment_id: int, action: str = "posted", reason: str = "") -> str:
    """The note of a comment's audit row; `action` one of AuditNote.action's values."""
    note = f"Comment {comment_id}" if action == "posted" else f"Comment {comment_id} {action}"
    return f"{note}: {reason}" if action == "hidden" else note


def read_audit_note(note: str) -> AuditNote | None:
    """What audit_note wrote, or None for a note it did not write."""
    match = AUDIT_NOTE.fullmatch(note)
    if match is None:
        return None
    comment_id, action, reason = match.groups()
    return AuditNote(int(comment_id), action or "posted", reason or "")


class Comment(models.Model):
    """One comment on a claim. Comments are not content: they may be posted on locked claims
    and never bump the claim's version. Every post, edit, deletion and hiding is also a
    ClaimChange row (field "comment"), so the text stays in the audit trail whatever happens
    to the comment."""

    claim = models.ForeignKey("factcheck.Claim", on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Plain text as typed; rendered with factcheck.discussion.rendering, never as HTML.
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(blank=True)
    # The user names the text mentions (people at the desk, told of it), as the service found
    # them when the comment was written: the page marks up these @names and no others, so a
    # handle elsewhere (@UNHCR) stays plain text even if someone of that name joins later.
    mentions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("hide_comment", "Can hide other people's comments, with a reason")]
        indexes = [models.Index(fields=["claim", "created_at", "id"], name="comment_claim_idx")]

    def __str__(self):
        return f"Comment {self.pk} on claim {self.claim_id}"

    def get_absolute_url(self):
        return f"{reverse('claim-detail', args=[self.claim_id])}#{self.anchor}"

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def anchor(self):
        return f"comment-{self.pk}"
