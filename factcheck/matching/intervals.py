"""Figure agreement under qualifiers: when do two figures say the same number?

Each figure is read as the interval of true values it allows (the claimant's qualifier tells
which), and as the numbers it actually states (its *stated bounds*):

===================  ==================================  =====================
qualifier            interval                            stated bounds
===================  ==================================  =====================
exact ``v``          [v, v]                              lower v, upper v
exact ``lo``-``hi``  [lo, hi]                            lower lo, upper hi
approximately ``v``  [v - 10 %, v + 10 %]                lower v, upper v
at_least ``v``       [v, ∞)                              lower v
more_than ``v``      (v, ∞)                              lower v
up_to ``v``          [0, v]  ((-∞, v] for negative v)    upper v
fewer_than ``v``     [0, v)  ((-∞, v) for negative v)    upper v
===================  ==================================  =====================

(For a range with a one-sided qualifier, "at least 200-300" reads as at least 200, "up to
200-300" as up to 300; "about 200-300" widens both ends by the tolerance.)

**The rule.** Two figures are the same figure when (1) their intervals overlap, and (2) they
state a bound in common, and every bound stated by both agrees: the lower bounds with each
other, the upper bounds with each other. Two stated numbers agree when they are equal, or when
the rounder one (fewer significant digits) is a rounding of the other: they differ by less than
one unit of the rounder one's last significant digit and by at most 15 % (`BOUND_TOLERANCE`).

So "more than 2,000" and "2,100" agree (2,100 lies in (2000, ∞); 2,000 rounds 2,100 to the
thousand, 5 % apart); "at least 227" and "more than 200" agree (200 rounds 227 down, 12 %
apart); but "at least 227" and "more than 2,000" do not, though their intervals overlap
(2,000 is no rounding of 227); nor "227" and "228" (same precision, different numbers: an
updated count, not a rewording).

Two refinements. An "approximately" figure's own number is fuzzy: a stated number within its
tolerance agrees with it ("about 2.5 million" and "2.6 million"), as its interval says.
A lower bound and an upper bound state no bound in common; they agree only when they pin one
number from both sides, at most 15 % apart ("more than 45,000" and "nearly 46,000", filed as
fewer than 46,000), and not otherwise ("at least 200" and "up to 300").

The tolerance for "approximately" (10 %) is the usual reading of "about" in news style guides
(a figure rounded to its first two significant digits moves by at most 5 %; 10 % leaves room
for "about 1,000" standing for 950-1,049 and a little more). The 15 % cap on rounding keeps
"more than 2,000" from agreeing with 2,900, which nobody would round down to 2,000.
"""

from dataclasses import dataclass
from decimal import Decimal

APPROXIMATE_TOLERANCE = Decimal("0.10")
BOUND_TOLERANCE = Decimal("0.15")

QUALIFIERS = ("exact", "approximately", "at_least", "more_than", "up_to", "fewer_than")
LOWER_BOUNDS = ("at_least", "more_than")
UPPER_BOUNDS = ("up_to", "fewer_than")


@dataclass(frozen=True)
class Interval:
    """The true values a figure allows. `lo`/`hi` are Decimals, None for -∞/+∞; `lo_open` and
    `hi_open` say whether that end itself is excluded."""

    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool = False
    hi_open: bool = False

    def overlaps(self, other: "Interval") -> bool:
        """True when some number lies in both intervals (open ends respected)."""
        return _below(self.lo, self.lo_open, other.hi, other.hi_open) and _below(
            other.lo, other.lo_open, self.hi, self.hi_open
        )


def _below(lo, lo_open, hi, hi_open) -> bool:
    """Does the lower end (lo, lo_open) leave room below the upper end (hi, hi_open)?"""
    if lo is None or hi is None:
        return True
    if lo_open or hi_open:
        return lo < hi
    return lo <= hi


@dataclass(frozen=True)
class Figure:
    """A figure as its claim states it. `value` (and `value_high` for a range, not below
    `value`) are Decimals in the figure's unit after scaling; `qualifier` one of QUALIFIERS.
    Raises ValueError for an unknown qualifier or an upper value below the value."""

    value: Decimal
    value_high: Decimal | None = None
    qualifier: str = "exact"

    def __post_init__(self):
        if self.qualifier not in QUALIFIERS:
            raise ValueError(f"unknown qualifier {self.qualifier!r}; one of {QUALIFIERS}")
        if self.value_high is not None and self.value_high < self.value:
            raise ValueError("the upper value cannot be below the value")

    @property
    def high(self) -> Decimal:
        return self.value if self.value_high is None else self.value_high

    @property
    def lower(self) -> Decimal | None:
        """The lower bound the claim states, or None when it states none ("up to 500")."""
        return None if self.qualifier in UPPER_BOUNDS else self.value

    @property
    def upper(self) -> Decimal | None:
        """The upper bound the claim states, or None when it states none ("at least 227")."""
        if self.qualifier in LOWER_BOUNDS:
            return None
        return self.high

    @property
    def interval(self) -> Interval:
        q, lo, hi = self.qualifier, self.value, self.high
        if q == "exact":
            return Interval(lo, hi)
        if q == "approximately":
            return Interval(
                lo - abs(lo) * APPROXIMATE_TOLERANCE, hi + abs(hi) * APPROXIMATE_TOLERANCE
            )
        if q in LOWER_BOUNDS:
            return Interval(lo, None, lo_open=q == "more_than")
        # Up to / fewer than: counts cannot go below zero; a negative figure (a fall of up to
        # 3 %) has no floor.
        floor = Decimal(0) if hi >= 0 else None
        return Interval(floor, hi, hi_open=q == "fewer_than")


def precision(number: Decimal) -> Decimal:
    """One unit of the last significant digit: 2000 -> 1000, 227 -> 1, 1.25 -> 0.01, 0 -> 1.
    Trailing zeros are read as not significant: "2,000" is taken to be rounded to the thousand,
    the way news copy writes rounded figures."""
    exponent = number.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent) if number else Decimal(1)


def bounds_agree(a: Decimal, b: Decimal, tolerance: Decimal = BOUND_TOLERANCE) -> bool:
    """Do two stated numbers say the same thing? Equal, or the rounder is a rounding of the
    other (less than one unit of its last significant digit away, and within `tolerance`, a
    fraction of the larger magnitude). See the module docstring for the source of the rule."""
    if a == b:
        return True
    pa, pb = precision(a), precision(b)
    if pa == pb:
        # Same precision, different numbers: a different count, not a rounding.
        return False
    gap = abs(a - b)
    return gap < max(pa, pb) and gap <= tolerance * max(abs(a), abs(b))


@dataclass(frozen=True)
class Agreement:
    """Whether two figures agree, how closely (0..1, 1 for identical figures) and why, as a
    short sentence for people."""

    agrees: bool
    closeness: float
    reason: str


def relative_gap(a: Decimal, b: Decimal) -> float:
    """|a - b| as a fraction of the larger magnitude (0 when both are zero)."""
    scale = max(abs(a), abs(b))
    return float(abs(a - b) / scale) if scale else 0.0


def _stated_agree(x: Decimal, y: Decimal, a: Figure, b: Figure) -> bool:
    """Bounds x (stated by `a`) and y (by `b`) agree: by `bounds_agree`, or within the
    tolerance of an "approximately" figure's own number ("about 2.5 million" stands for 2.6
    million, though both have the same precision)."""
    if bounds_agree(x, y):
        return True
    if a.qualifier == "approximately" and abs(x - y) <= abs(x) * APPROXIMATE_TOLERANCE:
        return True
    return b.qualifier == "approximately" and abs(x - y) <= abs(y) * APPROXIMATE_TOLERANCE


def _facing(a: Figure, b: Figure) -> Agreement:
    """A lower bound against an upper bound ("more than 45,000" / "nearly 46,000"): they agree
    when they pin one number from both sides, i.e. the gap between them is within
    BOUND_TOLERANCE of the upper bound (overlap is checked by the caller)."""
    low = a.lower if a.lower is not None else b.lower
    high = a.upper if a.upper is not None else b.upper
    gap = relative_gap(low, high)
    if gap <= float(BOUND_TOLERANCE):
        closeness = 0.9 - gap / float(BOUND_TOLERANCE) * 0.25
        return Agreement(True, round(closeness, 4), "the figures pin one number from both sides")
    return Agreement(False, 0.0, "the figures state no bound in common")


def compare_figures(a: Figure, b: Figure) -> Agreement:
    """Apply the rule in the module docstring to two figures in the same unit."""
    if not a.interval.overlaps(b.interval):
        return Agreement(False, 0.0, "the figures allow no common value")
    pairs = [
        (x, y)
        for x, y in ((a.lower, b.lower), (a.upper, b.upper))
        if x is not None and y is not None
    ]
    if not pairs:
        # "at least 200" and "up to 300": compatible, but they state different things, unless
        # they close in on one number.
        return _facing(a, b)
    for x, y in pairs:
        if not _stated_agree(x, y, a, b):
            return Agreement(False, 0.0, f"{_plain(x)} and {_plain(y)} are different numbers")
    if a == b:
        return Agreement(True, 1.0, "the same figure")
    gap = max(relative_gap(x, y) for x, y in pairs)
    # A qualifier or rounding reworded: close to, but below, an identical figure.
    closeness = 0.95 - gap / float(BOUND_TOLERANCE) * 0.25
    return Agreement(True, round(closeness, 4), "the figures agree within their qualifiers")


def _plain(number: Decimal) -> str:
    return (
        f"{number.normalize():,f}" if number != number.to_integral_value() else f"{int(number):,}"
    )
