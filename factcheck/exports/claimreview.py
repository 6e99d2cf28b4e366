"""The ClaimReview format: one schema.org ClaimReview (JSON-LD) per claim with a verdict."""

import json
from itertools import islice

from django.conf import settings

from factcheck.exports.rows import as_dicts
from factcheck.exports.writers import STREAM_PIECE_ROWS, iso
from factcheck.models import FINAL_STATUSES, Status

# ClaimReview ratings: where the verdict sits between refuted (worst) and confirmed (best).
# Disputed and unverifiable are neither; `alternateName` carries the verdict in words.
RATING_WORST, RATING_BEST = 1, 3
RATING_VALUES = {
    Status.REFUTED: 1,
    Status.DISPUTED: 2,
    Status.UNVERIFIABLE: 2,
    Status.CONFIRMED: 3,
}


def organisation():
    return {
        "@type": "Organization",
        "name": settings.FACTCHECK_ORGANISATION_NAME,
        "url": settings.FACTCHECK_ORGANISATION_URL,
    }


def claim_review(row, publisher):
    """One schema.org ClaimReview for a claim with a verdict."""
    claimant = {
        "@type": "Person" if row["claimant_kind"] == "person" else "Organization",
        "name": row["claimant"],
    }
    if row["claimant_url"]:
        claimant["url"] = row["claimant_url"]
    item = {"@type": "Claim", "author": claimant}
    if appearance := source_work(row):
        item["appearance"] = appearance
    if row["source_date"]:
        item["datePublished"] = iso(row["source_date"])
    status = Status(row["status"])
    review = {
        "@type": "ClaimReview",
        "url": row["published_url"],
        "claimReviewed": row["statement"],
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[status],
            "bestRating": RATING_BEST,
            "worstRating": RATING_WORST,
            "alternateName": status.label,
        },
        "author": publisher,
    }
    if row["methodology_notes"]:
        review["reviewBody"] = row["methodology_notes"]
    if row["verified_at"]:
        review["datePublished"] = iso(row["verified_at"])
    return review


def source_work(row):
    """Where the claim appeared, as a schema.org CreativeWork: its URL, title and date. A
    source known by title alone (e.g. a print article) still names it; None when neither
    the URL nor the title is known."""
    if not (row["source_url"] or row["source_title"]):
        return None
    work = {"@type": "CreativeWork"}
    if row["source_url"]:
        work["url"] = row["source_url"]
    if row["source_title"]:
        work["headline"] = work["name"] = row["source_title"]
    if row["source_date"]:
        work["datePublished"] = iso(row["source_date"])
    return work


def claimreview_jsonld(rows):
    """Stream `{"@context": "https://schema.org", "@graph": [ClaimReview, ...]}`. Claims
    without a verdict have nothing to review, and those without a published fact check have
    no public page to point to: both are left out."""
    publisher = organisation()
    yield '{"@context": "https://schema.org", "@graph": ['
    first = True
    rows = as_dicts(rows)
    while piece := list(islice(rows, STREAM_PIECE_ROWS)):
        reviews = [
            json.dumps(claim_review(row, publisher), ensure_ascii=False)
            for row in piece
            if row["status"] in FINAL_STATUSES and row["published_url"]
        ]
        if reviews:
            yield ("\n" if first else ",\n") + ",\n".join(reviews)
            first = False
    yield "\n]}\n"
