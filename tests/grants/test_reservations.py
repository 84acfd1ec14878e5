from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grants import selectors
from grants.models import EnvelopeReservation
from grants.services import reservations
from tests import factories
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    world.program.envelope = Decimal("100000")
    world.program.save()
    mrcs = [factories.MrcFactory(parent=world.program.region) for _ in range(2)]
    axes = [factories.AxisFactory(program=world.program) for _ in range(2)]
    return world, mrcs, axes


def test_reservations_per_dimension_stay_within_the_envelope(setup):
    world, (mrc_a, mrc_b), (axis_a, axis_b) = setup
    reservations.reserve(world.program, world.manager, dimension="mrc", territory=mrc_a, amount=Decimal("60000"))
    # Axes are another view of the same money: their sum is checked on its own.
    reservations.reserve(world.program, world.manager, dimension="axis", axis=axis_a, amount=Decimal("90000"))
    with pytest.raises(ValidationError) as refused:
        reservations.reserve(world.program, world.manager, dimension="mrc", territory=mrc_b,
                             amount=Decimal("40000.01"))
    assert "0,01" in str(refused.value.message_dict["amount"])
    reservations.reserve(world.program, world.manager, dimension="mrc", territory=mrc_b, amount=Decimal("40000"))
    # Changing a reservation replaces its amount instead of adding a second row.
    reservations.reserve(world.program, world.manager, dimension="mrc", territory=mrc_a, amount=Decimal("10000"))
    assert selectors.reserved_by_target(world.program.pk) == {
        ("mrc", mrc_a.pk): Decimal("10000"), ("mrc", mrc_b.pk): Decimal("40000"),
        ("axis", axis_a.pk): Decimal("90000")}


@pytest.mark.parametrize("case", ["other_region_mrc", "other_program_axis", "region_not_mrc", "zero", "no_target"])
def test_reservation_targets_must_belong_to_the_program(setup, case):
    world, (mrc, _), (axis, _) = setup
    values = {
        "other_region_mrc": {"dimension": "mrc", "territory": factories.MrcFactory(), "amount": 1},
        "other_program_axis": {"dimension": "axis", "axis": factories.AxisFactory(), "amount": 1},
        "region_not_mrc": {"dimension": "mrc", "territory": world.program.region, "amount": 1},
        "zero": {"dimension": "mrc", "territory": mrc, "amount": 0},
        "no_target": {"dimension": "axis", "amount": 1},
    }[case]
    with pytest.raises(ValidationError):
        reservations.reserve(world.program, world.manager, **values)
    assert not EnvelopeReservation.objects.exists()


@pytest.mark.parametrize("persona, allowed", [("manager", True), ("admin", True), ("analyst", False),
                                              ("board", False), ("outside_analyst", False), ("nobody", False)])
def test_only_managers_reserve(setup, persona, allowed):
    world, (mrc, _), _ = setup
    actor = getattr(world, persona)
    if allowed:
        reservation = reservations.reserve(world.program, actor, dimension="mrc", territory=mrc, amount=5)
        reservations.release(reservation, actor)
    else:
        with pytest.raises(PermissionDenied):
            reservations.reserve(world.program, actor, dimension="mrc", territory=mrc, amount=5)
    assert not EnvelopeReservation.objects.exists()


def _program_post(program, rows, initial=0):
    data = {
        "code": program.code, "name_fr": program.name_fr, "name_en": program.name_en,
        "region": program.region_id, "fund": program.fund, "manager_name": "", "decision_body": "CA",
        "analysis_body": "ERS", "envelope": str(program.envelope), "starts_on": "2024-04-01",
        "ends_on": "2028-03-31",
        "axes-TOTAL_FORMS": "0", "axes-INITIAL_FORMS": "0",
        "reservations-TOTAL_FORMS": str(len(rows)), "reservations-INITIAL_FORMS": str(initial),
    }
    for index, row in enumerate(rows):
        data.update({f"reservations-{index}-{key}": value for key, value in row.items()})
    return data


def test_admin_inline_checks_the_sum_of_its_rows(client, setup):
    world, (mrc_a, mrc_b), _ = setup
    client.force_login(world.admin)
    url = reverse("admin:grants_program_change", args=[world.program.pk])
    rows = [{"dimension": "mrc", "territory": mrc_a.pk, "amount": "60000"},
            {"dimension": "mrc", "territory": mrc_b.pk, "amount": "50000"}]
    refused = client.post(url, _program_post(world.program, rows))
    assert refused.status_code == 200 and "dépasseraient" in refused.content.decode()
    assert not EnvelopeReservation.objects.exists()
    rows[1]["amount"] = "40000"
    assert client.post(url, _program_post(world.program, rows)).status_code == 302
    assert EnvelopeReservation.objects.filter(program=world.program).count() == 2


def test_admin_inline_moves_money_between_mrcs_in_one_save_and_removes_rows(client, setup):
    world, (mrc_a, mrc_b), (axis, _) = setup
    first = reservations.reserve(world.program, world.manager, dimension="mrc", territory=mrc_a, amount=60000)
    second = reservations.reserve(world.program, world.manager, dimension="mrc", territory=mrc_b, amount=40000)
    on_axis = reservations.reserve(world.program, world.manager, dimension="axis", axis=axis, amount=5000)
    client.force_login(world.admin)
    rows = [{"id": first.pk, "program": world.program.pk, "dimension": "mrc", "territory": mrc_a.pk,
             "amount": "40000"},
            {"id": second.pk, "program": world.program.pk, "dimension": "mrc", "territory": mrc_b.pk,
             "amount": "60000"},
            {"id": on_axis.pk, "program": world.program.pk, "dimension": "axis", "axis": axis.pk,
             "amount": "5000", "DELETE": "on"}]
    url = reverse("admin:grants_program_change", args=[world.program.pk])
    assert client.post(url, _program_post(world.program, rows, initial=3)).status_code == 302
    assert selectors.reserved_by_target(world.program.pk) == {
        ("mrc", mrc_a.pk): Decimal("40000"), ("mrc", mrc_b.pk): Decimal("60000")}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reservations_at_once_never_exceed_the_envelope(require_postgres, setup):
    """Two managers reserve 60 000 $ for two MRCs at the same instant: only one fits in 100 000 $."""
    world, mrcs, _ = setup
    second = factories.UserFactory(email="manager2@example.org")
    factories.ProgramRoleFactory(user=second, program=world.program, role="manager")

    def reserve(mrc, person):
        try:
            reservations.reserve(world.program, person, dimension="mrc", territory=mrc, amount=Decimal("60000"))
            return "reserved"
        except ValidationError as refusal:
            return " ".join(refusal.messages)

    outcomes = run_together(lambda: reserve(mrcs[0], world.manager), lambda: reserve(mrcs[1], second))
    assert sorted(outcomes)[0].startswith("Les réservations") and outcomes.count("reserved") == 1
    assert EnvelopeReservation.objects.count() == 1
