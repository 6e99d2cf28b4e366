"""A claim's discussion: comments. Importable from factcheck.models like every model of the app."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

# Long enough for a paragraph of reasoning with a few links; a report belongs in evidence.
BODY_MAX_LENGTH = 5000


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
