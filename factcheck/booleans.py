"""Yes and no as people write them in environment variables and URL parameters. Pure Python:
settings import it before Django is set up."""

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
