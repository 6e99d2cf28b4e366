"""The verification workflow.

- transitions.py    the transition table, as data, and how to look moves up in it
- guards.py         what must be true before a move (methodology notes, evidence, ...)
- status_writer.py  the one function that writes a claim's status and its audit row
- services.py       `transition_claim` and, for imports, `record_imported_status`
- views.py          the claim page's workflow buttons
"""
