import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.models import Claim, Status
from factcheck.queue import selectors as queries
from factcheck.queue.filters import ClaimFilter
from factcheck.workflow.services import transition_claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def filterset_for(user, query=""):
    request = RequestFactory().get("/claims/?" + query)
    request.user = user
    filterset = ClaimFilter(request.GET, request=request)
    assert filterset.is_valid(), filterset.errors
    return filterset


def counted_now():
    return queries.status_counts(Claim.objects.all())


def test_stored_counts_follow_inserts_transitions_updates_and_deletes(editor):
    claims = ClaimFactory.create_batch(3)
    assert queries.stored_status_counts() == counted_now()
    transition_claim(claim=claims[0], to_status=Status.IN_REVIEW, actor=editor, expected_version=1)
    Claim.objects.filter(pk=claims[1].pk).update(status=Status.REFUTED)
    Claim.objects.filter(pk=claims[2].pk).update(place="Kyiv")  # not a status change
    assert queries.stored_status_counts() == counted_now()
    assert queries.stored_status_counts()[Status.REFUTED] == 1
    Claim.objects.filter(pk=claims[1].pk).delete()
    assert queries.stored_status_counts() == counted_now()


def test_stored_counts_follow_bulk_writes():
    claimant = ClaimFactory().claimant
    Claim.objects.bulk_create(
        ClaimFactory.build(claimant=claimant, created_by=None) for _ in range(19)
    )
    Claim.objects.filter(pk__in=Claim.objects.values("pk")[:7]).update(status=Status.CONFIRMED)
    assert queries.stored_status_counts() == counted_now()
    assert queries.stored_status_counts()[Status.CONFIRMED] == 7


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(moves=st.lists(st.tuples(st.integers(0, 4), st.sampled_from(Status.values)), max_size=12))
def test_stored_counts_equal_a_real_count_after_any_status_writes(reporter, moves):
    Claim.objects.all().delete()
    claims = ClaimFactory.create_batch(5, created_by=reporter)
    for index, status in moves:
        Claim.objects.filter(pk=claims[index].pk).update(status=status)
    assert queries.stored_status_counts() == counted_now()


def test_capped_counts_are_exact_below_the_cap_and_absent_above():
    ClaimFactory.create_batch(4)
    assert queries.capped_status_counts(Claim.objects.all(), limit=4)[Status.UNVERIFIED] == 4
    assert queries.capped_status_counts(Claim.objects.all(), limit=3) is None


def test_status_only_views_use_the_stored_counts(editor, django_assert_num_queries):
    ClaimFactory.create_batch(2)
    filterset = filterset_for(editor, "status=confirmed")
    with django_assert_num_queries(1):
        counts = queries.queue_counts(filterset)
    assert counts[Status.UNVERIFIED] == 2


def test_queue_page_total_is_the_chosen_statuses(editor):
    ClaimFactory.create_batch(3)
    Claim.objects.filter(pk=Claim.objects.first().pk).update(status=Status.CONFIRMED)
    counts, page = queries.queue_page(filterset_for(editor, "status=confirmed&q=civilians"), 1)
    assert page.total == 1
    assert counts[Status.UNVERIFIED] == 2  # counts ignore the status filter


def test_deep_pages_keep_the_sort_order(editor):
    claims = ClaimFactory.create_batch(7)
    Claim.objects.filter(pk=claims[0].pk).update(status=Status.REFUTED)
    every = "&".join(f"status={s}" for s in Status.values)
    for sort in ("created", "-created", "status", "-status", "claimant"):
        filterset = filterset_for(editor, f"{every}&sort={sort}")
        expected = [c.pk for c in filterset.qs]
        seen = []
        for number in (1, 2, 3):
            seen += [c.pk for c in queries.queue_page(filterset, number, per_page=3)[1].object_list]
        assert seen == expected, sort


@pytest.mark.parametrize(
    ("raw", "error"), [("x", "PageNotAnInteger"), ("0", "EmptyPage"), ("3", "EmptyPage")]
)
def test_bad_pages_raise(editor, raw, error):
    ClaimFactory()
    with pytest.raises(Exception) as caught:
        queries.queue_page(filterset_for(editor), raw)
    assert type(caught.value).__name__ == error


def test_text_search_uses_trigram_indexes_on_postgres(on_postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'factcheck_claim' "
            "AND indexdef LIKE '%gin_trgm_ops%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"claim_search_text_trgm_idx", "claim_counted_folded_trgm_idx"}


def test_the_text_search_can_use_a_trigram_index_for_each_column_on_postgres(on_postgres, editor):
    """Each arm of the search's OR has its own index, so PostgreSQL can combine them (a
    BitmapOr) instead of reading every claim."""
    ClaimFactory.create_batch(3, place="Mariupol", source_title="Mariupol under siege")
    claims = filterset_for(editor, "q=mariupol").qs.order_by()
    sql, params = claims.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Place and source title are folded into search_text with the statement and notes, so one
    # trigram index serves every searched column.
    assert "claim_search_text_trgm_idx" in plan, plan


def test_the_counted_filter_can_use_its_trigram_index_on_postgres(on_postgres, editor):
    """The index must be on the column the filter reads (the folded `counted_folded`), or the
    planner could never pick it. Sequential scans are switched off so that the plan shows
    what is possible on a table too small for the planner to bother."""
    ClaimFactory.create_batch(3, counted="journalists killed")
    claims = filterset_for(editor, "counted=journalists").qs.order_by()  # the WHERE alone
    sql, params = claims.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_counted_folded_trgm_idx" in plan, plan


def test_the_text_search_can_use_its_trigram_index_on_postgres(on_postgres, editor):
    ClaimFactory.create_batch(3, statement="Ukraine’s GRAIN exports halved.")
    claims = filterset_for(editor, "q=ukraine's grain").qs.order_by()
    sql, params = claims.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_search_text_trgm_idx" in plan, plan
    assert claims.count() == 3
