import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import ProtectedError

from factcheck.models import Claim, Status, TrackedQuantity
from factcheck.tracker import services
from tests.factories import ClaimFactory, TrackedQuantityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def killed():
    return TrackedQuantityFactory(name="Civilians killed in Ukraine since 24 Feb 2022")


@pytest.fixture
def wounded():
    return TrackedQuantityFactory(name="Civilians wounded in Ukraine", counted="civilians wounded")


def test_only_editors_hold_the_attach_permission():
    holders = set(
        Group.objects.filter(permissions__codename="attach_claims").values_list("name", flat=True)
    )
    assert holders == {"Editor"}
    viewing = Group.objects.filter(permissions__codename="view_trackedquantity")
    assert set(viewing.values_list("name", flat=True)) == {"Editor", "Reporter", "Viewer"}


def test_editor_attaches_claims_in_bulk(editor, killed):
    claims = ClaimFactory.create_batch(3)
    changed = services.attach_claims(
        claim_ids=[c.pk for c in claims], quantity=killed, actor=editor
    )
    assert changed == 3
    assert set(killed.claims.all()) == set(claims)


@pytest.mark.parametrize("user", ["reporter", "viewer"])
def test_reporters_and_viewers_may_not_attach(request, user, killed):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.attach_claims(
            claim_ids=[claim.pk], quantity=killed, actor=request.getfixturevalue(user)
        )
    claim.refresh_from_db()
    assert claim.quantity is None


def test_attaching_a_locked_claim_is_allowed_and_leaves_its_version(editor, killed):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(status=Status.CONFIRMED, version=3)
    services.attach_claims(claim_ids=[claim.pk], quantity=killed, actor=editor)
    claim.refresh_from_db()
    assert (claim.quantity, claim.status, claim.version) == (killed, Status.CONFIRMED, 3)


def test_a_claim_moved_between_quantities_leaves_the_first(editor, killed, wounded):
    claim = ClaimFactory()
    services.attach_claims(claim_ids=[claim.pk], quantity=killed, actor=editor)
    services.attach_claims(claim_ids=[claim.pk], quantity=wounded, actor=editor)
    assert list(wounded.claims.all()) == [claim]
    assert not killed.claims.exists()


def test_detaching(editor, killed):
    claim = ClaimFactory(quantity=killed)
    services.attach_claims(claim_ids=[claim.pk], quantity=None, actor=editor)
    claim.refresh_from_db()
    assert claim.quantity is None


def test_claims_already_attached_are_not_counted_as_changed(editor, killed):
    attached, new = ClaimFactory(quantity=killed), ClaimFactory()
    assert (
        services.attach_claims(claim_ids=[attached.pk, new.pk], quantity=killed, actor=editor) == 1
    )


def test_all_or_nothing_with_every_problem_named(editor, killed):
    good = ClaimFactory()
    no_figure = ClaimFactory(value=None, qualifier="", counted="")
    percent = ClaimFactory(value=Decimal(2), unit="%", counted="of the population")
    with pytest.raises(ValidationError) as refused:
        services.attach_claims(
            claim_ids=[good.pk, no_figure.pk, percent.pk, 999999], quantity=killed, actor=editor
        )
    assert refused.value.messages == [
        "No claim 999999.",
        f"Claim {no_figure.pk} carries no figure, so there is nothing to track.",
        f'Claim {percent.pk} is in "%" but {killed} is in a count.',
    ]
    assert not Claim.objects.exclude(quantity=None).exists()


def test_an_empty_selection_is_refused(editor, killed):
    with pytest.raises(ValidationError, match="Select at least one claim"):
        services.attach_claims(claim_ids=[], quantity=killed, actor=editor)


def test_a_quantity_with_claims_cannot_be_deleted(killed):
    ClaimFactory(quantity=killed)
    with pytest.raises(ProtectedError):
        killed.delete()


def test_editor_creates_a_quantity(editor):
    quantity = services.create_quantity(
        actor=editor,
        data={"name": "Refugees who left Ukraine", "counted": "refugees", "place": "Ukraine"},
    )
    assert TrackedQuantity.objects.get() == quantity


def test_reporter_cannot_create_a_quantity(reporter):
    with pytest.raises(PermissionDenied):
        services.create_quantity(actor=reporter, data={"name": "x", "counted": "y"})


def test_a_quantity_needs_a_unique_name_and_what_it_counts(editor, killed):
    with pytest.raises(ValidationError) as refused:
        services.create_quantity(actor=editor, data={"name": killed.name, "counted": ""})
    assert set(refused.value.message_dict) == {"name", "counted"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_bulk_attaches_are_each_all_or_nothing(on_postgres, editor, killed, wounded):
    ids = [claim.pk for claim in ClaimFactory.create_batch(30)]
    start, errors = threading.Barrier(2), []

    def attach_repeatedly(quantity, claim_ids):
        try:
            start.wait()
            for _ in range(10):
                services.attach_claims(claim_ids=claim_ids, quantity=quantity, actor=editor)
        except Exception as error:  # reported below, from the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attach_repeatedly, args=(killed, ids)),
        threading.Thread(target=attach_repeatedly, args=(wounded, ids[::-1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []  # no deadlock, no lost update
    # Whichever ran last owns every claim: no mixture of the two.
    assert len(set(Claim.objects.filter(pk__in=ids).values_list("quantity", flat=True))) == 1


def test_an_id_beyond_the_databases_range_is_named_as_missing(editor, killed):
    claim = ClaimFactory()
    huge = 2**63
    with pytest.raises(ValidationError) as refused:
        services.attach_claims(claim_ids=[claim.pk, huge], quantity=killed, actor=editor)
    assert refused.value.messages == [f"No claim {huge}."]
    claim.refresh_from_db()
    assert claim.quantity is None
