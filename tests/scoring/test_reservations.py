"""The program's envelope reservations in scoring: the commitments page and the scenario floors."""

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import EnvelopeReservation
from scoring.services import decisions
from tests import factories

pytestmark = pytest.mark.django_db


def _reserve(program, amount, **target):
    dimension = "mrc" if "territory" in target else "axis"
    return EnvelopeReservation.objects.create(program=program, dimension=dimension, amount=Decimal(amount),
                                              **target)


def _funded(world, amount, mrcs, axis):
    proposal = factories.ProposalFactory(call=world.call, state="funded", amount_granted=Decimal(amount),
                                         primary_axis=axis)
    proposal.mrcs.set(mrcs)
    return proposal


def test_lines_show_reserved_committed_and_what_is_left_of_the_reservation(world):
    reserved_mrc = factories.MrcFactory(name="Manicouagan", parent=world.program.region)
    unreserved_mrc = factories.MrcFactory(name="Minganie", parent=world.program.region)
    idle_mrc = factories.MrcFactory(name="Sept-Rivières", parent=world.program.region)
    axis = factories.AxisFactory(program=world.program, name_fr="Axe 1")
    _reserve(world.program, "250000", territory=reserved_mrc)
    _reserve(world.program, "100000", territory=idle_mrc)
    _reserve(world.program, "80000", axis=axis)
    _funded(world, "30000", [reserved_mrc, unreserved_mrc], axis)
    summary = decisions.commitments(world.program)
    assert [(line.label, line.committed, line.reserved, line.remaining) for line in summary["by_mrc"]] == [
        ("Manicouagan", Decimal("30000"), Decimal("250000"), Decimal("220000")),
        ("Minganie", Decimal("30000"), None, None),
        # Reserved but nothing committed yet: the line is there, with the whole reservation left.
        ("Sept-Rivières", Decimal("0"), Decimal("100000"), Decimal("100000")),
    ]
    assert [(line.reserved, line.remaining) for line in summary["by_axis"]] == [(Decimal("80000"),
                                                                                  Decimal("50000"))]


def test_commitments_page_shows_reservations_in_constant_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.board)
    url = reverse("scoring:commitments", args=[world.program.pk])

    def grow(index):
        mrc = factories.MrcFactory(name=f"MRC {index}", parent=world.program.region)
        axis = factories.AxisFactory(program=world.program)
        _reserve(world.program, "1000", territory=mrc)
        _reserve(world.program, "1000", axis=axis)
        _funded(world, "400", [mrc], axis)

    grow(0)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    for index in range(1, 8):
        grow(index)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode().replace("\u202f", " ").replace("\u00a0", " ")
    assert page.count("600,00 $") >= 16  # per MRC and per axis: 1 000 reserved − 400 committed
    assert "Reste de la réservation" in page


def test_unreserved_lines_show_a_dash(client, world):
    mrc = factories.MrcFactory(name="Minganie", parent=world.program.region)
    _funded(world, "5000", [mrc], None)
    client.force_login(world.board)
    page = client.get(reverse("scoring:commitments", args=[world.program.pk])).content.decode()
    assert page.count("—<span class=\"sr-only\">aucune réservation</span>") >= 2


def test_new_scenario_offers_what_is_left_of_the_reservations_as_floors(client, world):
    mrc = factories.MrcFactory(parent=world.program.region)
    spent_mrc = factories.MrcFactory(parent=world.program.region)
    axis = factories.AxisFactory(program=world.program)
    other_axis = factories.AxisFactory(program=world.program)
    _reserve(world.program, "250000", territory=mrc)
    _reserve(world.program, "10000", territory=spent_mrc)
    _reserve(world.program, "80000", axis=axis)
    _funded(world, "30000", [mrc, spent_mrc], axis)  # uses up the 10 000 $ of spent_mrc entirely
    client.force_login(world.analyst)
    url = reverse("scoring:scenario_create", args=[world.call.pk])
    plain = client.get(url)
    assert "?planchers=reservations" in plain.content.decode()
    assert plain.context["form"][f"mrc_{mrc.pk}_floor"].value() is None
    form = client.get(url, {"planchers": "reservations"}).context["form"]
    assert form[f"mrc_{mrc.pk}_floor"].value() == Decimal("220000")
    assert form[f"axis_{axis.pk}_floor"].value() == Decimal("50000")
    assert form[f"mrc_{spent_mrc.pk}_floor"].value() is None
    assert form[f"axis_{other_axis.pk}_floor"].value() is None and form[f"mrc_{mrc.pk}_ceiling"].value() is None


def test_no_reservation_no_offer(client, world):
    client.force_login(world.analyst)
    page = client.get(reverse("scoring:scenario_create", args=[world.call.pk])).content.decode()
    assert "?planchers=reservations" not in page
