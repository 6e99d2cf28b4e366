"""Intake: turning pasted article text into drafted claims (issue 17)."""
