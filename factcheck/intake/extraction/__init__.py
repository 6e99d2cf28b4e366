"""The extraction engine: article text in, drafted figure claims out. Pure Python, no database.

The public entry is `extract_claims` (see `extract.py`); the modules are named by what they
hold: `numbers`, `qualifiers`, `exclusions`, `dates`, `sentences`, `attribution`, `counted`
and `drafts`.
"""

from factcheck.intake.extraction.drafts import Draft
from factcheck.intake.extraction.extract import extract_claims

__all__ = ["Draft", "extract_claims"]
