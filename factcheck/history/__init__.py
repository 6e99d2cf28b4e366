"""A claim's history: the audit trail of its content and filing, read as one timeline.

- recorder.py  writes ClaimChange rows (append-only), called by the services that change a
               claim, inside their own transaction
- timeline.py  status changes and content changes of a claim, merged, newest first
"""
