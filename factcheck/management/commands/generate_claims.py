"""Fill the database with N realistic synthetic claims, for benchmarks and load testing.

Claims get varied claimants, statuses, figures and dates, and a history that the workflow
could have written: every status change follows the transition table, the last one ends at
the claim's status, the version is 1 + the number of changes, confirmed claims have
methodology notes and supporting evidence, refuted ones contradicting evidence, and a confirm
is never by the editor who started the review. Rows go in with bulk_create in batches.
"""

import random
import time
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from factcheck.claims import figures
from factcheck.models import (
    Claim,
    Claimant,
    ClaimantKind,
    Evidence,
    EvidenceStance,
    Qualifier,
    Status,
    StatusChange,
    fill_folded_text,
)
from factcheck.roles import EDITOR, REPORTER, add_to_role
from factcheck.text import fold

COUNTRIES = (
    "Ukraine",
    "Poland",
    "Moldova",
    "Romania",
    "Hungary",
    "Slovakia",
    "Sudan",
    "Syria",
    "Yemen",
    "Afghanistan",
    "Ethiopia",
    "Somalia",
    "Haiti",
    "Myanmar",
    "Mali",
    "Lebanon",
)
PLACES = (
    "Kyiv",
    "Kharkiv",
    "Mariupol",
    "Kherson",
    "Odesa",
    "Lviv",
    "Dnipro",
    "Zaporizhzhia",
    "Mykolaiv",
    "Chernihiv",
    "Sumy",
    "Donetsk",
    "Luhansk",
    "Khartoum",
    "Aleppo",
    "Idlib",
    "Sanaa",
    "Kabul",
    "Tigray",
    "Mogadishu",
    "Port-au-Prince",
    "Rakhine",
    "Gao",
    "Beirut",
    *COUNTRIES,
)
UN_AGENCIES = ("UNHCR", "OHCHR", "WHO", "UNICEF", "WFP", "OCHA", "IOM", "UNESCO", "UNDP")
NGOS = (
    "Médecins Sans Frontières",
    "International Committee of the Red Cross",
    "Amnesty International",
    "Human Rights Watch",
    "Save the Children",
    "Norwegian Refugee Council",
    "Oxfam",
    "International Rescue Committee",
    "Airwars",
    "ACLED",
)
MEDIA = ("The Associated Press", "Reuters", "AFP", "BBC", "Al Jazeera", "Kyiv Independent")
MINISTRIES = ("Ministry of Defence", "Ministry of Health", "Ministry of Interior", "President")
PEOPLE = (
    "Amira Haddad",
    "Olena Kovalenko",
    "Tomasz Nowak",
    "Ion Rusu",
    "Fatima Yusuf",
    "Daniel Okafor",
    "Maria Petrenko",
    "Ahmed Karim",
    "Sofia Lindqvist",
    "Jean-Baptiste Paul",
)
# (what is counted, typical magnitude, unit)
COUNTED = (
    ("civilians killed", 3, ""),
    ("civilians injured", 3, ""),
    ("refugees", 6, ""),
    ("internally displaced people", 6, ""),
    ("people in need of aid", 6, ""),
    ("homes destroyed", 4, ""),
    ("schools damaged", 2, ""),
    ("hospitals attacked", 2, ""),
    ("children separated from their families", 3, ""),
    ("tonnes of grain exported", 6, ""),
    ("of the population displaced", 1, "%"),
    ("of hospitals out of service", 1, "%"),
    ("aid convoys blocked", 2, ""),
    ("soldiers killed", 4, ""),
    ("journalists killed", 1, ""),
)
QUALIFIER_WEIGHTS = (
    (Qualifier.AT_LEAST, 4),
    (Qualifier.MORE_THAN, 4),
    (Qualifier.APPROXIMATELY, 3),
    (Qualifier.EXACT, 2),
    (Qualifier.UP_TO, 1),
    (Qualifier.FEWER_THAN, 1),
)
VERBS = ("said", "reported", "estimated", "told reporters", "wrote on social media")
NO_FIGURE = (
    "{claimant} {verb} that the shelling of {place} targeted only military sites.",
    "{claimant} {verb} that humanitarian corridors out of {place} were open.",
    "{claimant} {verb} that the power plant near {place} was operating safely.",
    "{claimant} {verb} that aid deliveries to {place} had resumed.",
    "{claimant} {verb} that no civilians remained in {place}.",
)
METHODS = (
    "Checked against the casualty records published by {agency}; they count confirmed cases "
    "only and say the real figure is likely higher.",
    "Compared with satellite imagery of {place} and two independent local sources.",
    "The claimant gave no source; {agency} could not confirm the figure when asked.",
    "Matches the border-crossing data of the national border guard and {agency}.",
    "Field reports from {place} contradict the figure; the claimant has not released data.",
    "Hospital registers in {place} reviewed by our reporter; partial coverage only.",
)
NOTES = (
    "Sources contradict each other; see methodology.",
    "The figure is not supported by the records we could check.",
    "New evidence arrived from the field; reopening.",
    "Official data revised the count.",
)
# Paths through the workflow's transition table (factcheck.workflow.TRANSITIONS) that end
# in each status; a path is the list of statuses after each change.
PATHS = {
    Status.UNVERIFIED: ([], [], [], [Status.IN_REVIEW, Status.UNVERIFIED]),
    Status.IN_REVIEW: (
        [Status.IN_REVIEW],
        [Status.IN_REVIEW],
        [Status.IN_REVIEW, Status.DISPUTED, Status.IN_REVIEW],
    ),
    **{
        final: ([Status.IN_REVIEW, final], [Status.IN_REVIEW, final],
                [Status.IN_REVIEW, Status.CONFIRMED, Status.IN_REVIEW, final])
        for final in (Status.CONFIRMED, Status.DISPUTED, Status.UNVERIFIABLE, Status.REFUTED)
    },
}  # fmt: skip
NOTE_REQUIRED = {Status.DISPUTED, Status.REFUTED}
VERDICT_WEIGHTS = (
    (Status.CONFIRMED, 45), (Status.DISPUTED, 15), (Status.UNVERIFIABLE, 25),
    (Status.REFUTED, 15),
)  # fmt: skip
SYNTHETIC_EDITORS, SYNTHETIC_REPORTERS = 12, 20
SPAN = timedelta(days=730)


def claimant_names():
    names = [(agency, ClaimantKind.UN_AGENCY) for agency in UN_AGENCIES]
    names += [(ngo, ClaimantKind.NGO) for ngo in NGOS]
    names += [(outlet, ClaimantKind.MEDIA) for outlet in MEDIA]
    names += [(person, ClaimantKind.PERSON) for person in PEOPLE]
    for country in COUNTRIES:
        names += [(f"{country} {ministry}", ClaimantKind.GOVERNMENT) for ministry in MINISTRIES]
        names.append((f"{country} armed forces", ClaimantKind.MILITARY))
    return names


@contextmanager
def keeping_given_timestamps():
    """bulk_create would stamp auto_now(_add) fields with now(); synthetic history needs the
    dates it made up, so those flags are off while generating."""
    fields = [
        Claim._meta.get_field("created_at"),
        Claim._meta.get_field("updated_at"),
        Evidence._meta.get_field("added_at"),
    ]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Generator:
    def __init__(self, rng, total, now):
        self.rng, self.total, self.now = rng, total, now
        self.claimants = self.ensure_claimants()
        self.editors, self.reporters = self.ensure_users()

    def ensure_claimants(self):
        existing = set(Claimant.objects.values_list("name_folded", flat=True))
        new = [
            Claimant(name=name, kind=kind, name_folded=fold(name))
            for name, kind in claimant_names()
            if fold(name) not in existing
        ]
        Claimant.objects.bulk_create(new)
        return list(Claimant.objects.all())

    def ensure_users(self):
        user_model = get_user_model()

        def users(prefix, count, role):
            found = []
            for n in range(1, count + 1):
                user, created = user_model.objects.get_or_create(username=f"{prefix}{n}")
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                    add_to_role(user, role)
                found.append(user)
            return found

        return users("synth-editor-", SYNTHETIC_EDITORS, EDITOR), users(
            "synth-reporter-", SYNTHETIC_REPORTERS, REPORTER
        )

    def status_for(self, position):
        # Older claims are more likely to have a verdict, as on a real desk.
        recency = position / self.total
        roll = self.rng.random()
        if roll < 0.15 + 0.45 * recency:
            return Status.UNVERIFIED if self.rng.random() < 0.6 else Status.IN_REVIEW
        return self.rng.choices(*zip(*VERDICT_WEIGHTS, strict=True))[0]

    def figure(self):
        counted, magnitude, unit = self.rng.choice(COUNTED)
        base = self.rng.randint(1, 9) * 10 ** self.rng.randint(max(magnitude - 1, 0), magnitude)
        value = Decimal(base) + (Decimal(self.rng.randint(0, 99)) if magnitude > 2 else 0)
        if unit == "%":
            value = Decimal(self.rng.randint(1, 60)) + Decimal(self.rng.randint(0, 9)) / 10
        high = None
        if self.rng.random() < 0.1:
            high = value * Decimal(self.rng.choice((1.2, 1.5, 2)))
        qualifier = self.rng.choices(*zip(*QUALIFIER_WEIGHTS, strict=True))[0]
        return {
            "value": value,
            "value_high": high,
            "qualifier": qualifier,
            "unit": unit,
            "counted": counted,
        }

    def statement(self, claimant, place, figure, as_of):
        verb = self.rng.choice(VERBS)
        if figure is None:
            return self.rng.choice(NO_FIGURE).format(claimant=claimant.name, verb=verb, place=place)
        amount = figures.amount(SimpleNamespace(**figure))
        return (
            f"{claimant.name} {verb} there were {amount} {figure['counted']} in {place} as of "
            f"{as_of.day} {as_of:%B %Y}."
        )

    def claim(self, position):
        """A claim, its history [(from, to, actor, note, when)] and its evidence stances."""
        rng = self.rng
        created_at = self.now - SPAN + SPAN * position / self.total
        created_at += timedelta(seconds=rng.randint(0, 3600))
        created_at = min(created_at, self.now - timedelta(minutes=5))
        claimant = rng.choice(self.claimants)
        place = rng.choice(PLACES)
        figure = self.figure() if rng.random() < 0.75 else None
        as_of = (created_at - timedelta(days=rng.randint(0, 5))).date()
        status = self.status_for(position)
        path = rng.choice(PATHS[status])
        reporter = rng.choice(self.reporters)
        claim = Claim(
            statement=self.statement(claimant, place, figure, as_of),
            claimant=claimant,
            **(figure or {}),
            place=place if figure else "",
            as_of=as_of if figure else None,
            status=status,
            methodology_notes=(
                rng.choice(METHODS).format(agency=rng.choice(UN_AGENCIES), place=place)
                if path
                else ""
            ),
            source_url=f"https://news.example.org/{created_at:%Y/%m/%d}/{position}",
            source_title=f"{claimant.name}: statement on {place}",
            source_date=as_of,
            created_by=reporter,
            updated_by=reporter,
            created_at=created_at,
            updated_at=created_at,
            version=1 + len(path),
        )
        history, when, previous, reviewer = [], created_at, Status.UNVERIFIED, None
        for to_status in path:
            when += timedelta(minutes=rng.randint(5, 60 * 24 * 3))
            when = min(when, self.now)
            if to_status == Status.IN_REVIEW:
                actor = rng.choice(self.editors)
                reviewer = actor
            else:
                actor = rng.choice([e for e in self.editors if e != reviewer])
            note = rng.choice(NOTES) if to_status in NOTE_REQUIRED or previous in (
                Status.CONFIRMED, Status.DISPUTED) else ""  # fmt: skip
            history.append((previous, to_status, actor, note, when))
            previous = to_status
        if history:
            claim.updated_by, claim.updated_at = history[-1][2], history[-1][4]
        # start_review assigns the reviewer; some unverified claims are assigned by hand.
        if reviewer is not None:
            claim.assigned_to = reviewer
        elif rng.random() < 0.3:
            claim.assigned_to = rng.choice(self.editors)
        # The evidence each past transition's guards needed.
        stances = [EvidenceStance.SUPPORTS] if Status.CONFIRMED in path else []
        if Status.REFUTED in path:
            stances.append(EvidenceStance.CONTRADICTS)
        if not stances and path and rng.random() < 0.3:
            stances.append(EvidenceStance.CONTEXT)
        return claim, history, stances

    def write_batch(self, start, size):
        made = [self.claim(position) for position in range(start, start + size)]
        for claim, _, _ in made:
            fill_folded_text(claim)  # bulk_create sends no pre_save
        with transaction.atomic():
            claims = Claim.objects.bulk_create([claim for claim, _, _ in made])
            changes, evidence = [], []
            for claim, (_, history, stances) in zip(claims, made, strict=True):
                changes += [
                    StatusChange(
                        claim_id=claim.pk,
                        from_status=previous,
                        to_status=to_status,
                        actor=actor,
                        note=note,
                        changed_at=when,
                    )
                    for previous, to_status, actor, note, when in history
                ]
                evidence += [
                    Evidence(
                        claim_id=claim.pk,
                        url=f"https://evidence.example.org/{claim.pk}/{stance}",
                        title=f"Source for claim {claim.pk}",
                        stance=stance,
                        added_by=history[0][2],
                        added_at=history[0][4],
                    )
                    for stance in stances
                ]
            StatusChange.objects.bulk_create(changes)
            Evidence.objects.bulk_create(evidence)
        return len(claims), len(changes) + len(evidence)


class Command(BaseCommand):
    help = "Add N realistic synthetic claims (with history and evidence) in batches."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many claims to add")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=None, help="for repeatable data")

    def handle(self, *args, count, batch_size, seed, **options):
        if count < 1:
            raise CommandError("N must be a positive number of claims.")
        if batch_size < 1:
            raise CommandError("--batch-size must be positive.")
        # Seeded pseudo-random choices for synthetic data; nothing here is a secret.
        rng = random.Random(seed)  # noqa: S311  # nosec B311
        generator = Generator(rng, count, timezone.now())
        started = time.perf_counter()
        claims = others = 0
        with keeping_given_timestamps():
            for start in range(0, count, batch_size):
                made, extra = generator.write_batch(start, min(batch_size, count - start))
                claims, others = claims + made, others + extra
                if options["verbosity"] > 1 or (claims // batch_size) % 20 == 0:
                    self.report(claims, others, started, count)
        with connection.cursor() as cursor:
            # Fresh statistics for the planner; on PostgreSQL also the visibility map that
            # index-only scans need (VACUUM cannot run inside a transaction, e.g. in tests).
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute("VACUUM ANALYZE factcheck_claim")
            cursor.execute("ANALYZE")
        self.report(claims, others, started, count, final=True)

    def report(self, claims, others, started, count, final=False):
        elapsed = time.perf_counter() - started
        prefix = "Done:" if final else f"{claims:,}/{count:,}"
        self.stdout.write(
            f"{prefix} {claims:,} claims and {others:,} history/evidence rows in "
            f"{elapsed:.1f} s: {claims / elapsed:,.0f} claims/s, "
            f"{(claims + others) / elapsed:,.0f} rows/s"
        )
