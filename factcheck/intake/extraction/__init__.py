"""The extraction engine: article text in, drafted figure claims out. Pure Python, no database.

The public entries are `extract_claims` and `attribute_span` (see `extract.py`); the modules
are named by what they hold: `numbers`, `qualifiers`, `exclusions`, `dates`, `sentences`,
`attribution`, `counted` and `drafts`.
"""

from factcheck.intake.extraction.drafts import Draft
from factcheck.intake.extraction.extract import attribute_span, extract_claims

__all__ = ["Draft", "attribute_span", "extract_claims"]
