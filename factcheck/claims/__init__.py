"""Claims, their claimants and their evidence.

- services.py    writes: create and edit claims, add evidence, match or create claimants
- assignment.py  who has a claim: `assign_claim`, `assignable_users`
- validation.py  the rules a claim's values obey, as plain functions (form, importer, API)
- duplicates.py  the rule that says two claims are the same claim
- figures.py     a figure in words: 'more than 1,000,000 refugees (Ukraine, as of 2 Mar 2022)'
- fields.py      form fields for picking claims by id (queue, tracker)
- forms.py       the claim and evidence forms
- views.py       the claim page, the new/edit forms, adding evidence, assigning
"""
