"""Word lists kept as data: `words("a b c")` reads a whitespace-separated list into a frozenset,
so the lists stay readable in the modules that hold them."""


def words(text):
    """'said says  told' -> frozenset({'said', 'says', 'told'})."""
    return frozenset(text.split())
