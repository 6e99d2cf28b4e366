"""The claim queue (`/claims/`): where editors spend their day.

- filters.py    the URL's filters and sorts (shared with the exports)
- selectors.py  counts per status and pages, in a constant number of queries
- bulk.py       acting on many claims at once, one outcome per claim
- forms.py      the bulk-action form
- views.py      the queue page and the bulk-action result page
"""
