"""After sign-up: registering an organisation (NEQ, duplicates), asking to join one, members answering,
program staff verifying a self-registered organisation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.models import ActivityLog
from grants import identity, selectors
from grants.models import JoinRequest, Membership, Organisation
from grants.services import organisations as service
from grants.services import proposals as proposal_service
from grants.services.errors import DuplicateOrganisation
from notifications.models import OutboxMessage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(world):
    """A municipality of an MRC in the world's program region."""
    mrc = factories.MrcFactory(name="Sept-Rivières", parent=world.program.region)
    return factories.MunicipalityFactory(name="Sept-Îles", parent=mrc)


def registration(town, **overrides):
    values = {"legal_name": "Centre d'action bénévole de Sept-Îles", "neq": "1160000001", "kind": "obnl",
              "municipality": town, "email": "info@cab.example.org", "mission": "Soutenir l'entraide."}
    values.update(overrides)
    return values


def form_data(town, **overrides):
    data = registration(town, municipality=town.pk, **overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- NEQ --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [
    ("1140000001", "1140000001"), ("2212345678", "2212345678"), ("3312345678", "3312345678"),
    ("8812345678", "8812345678"), ("1140 000 001", "1140000001"), ("1140-000-001", "1140000001"), ("", ""),
])
def test_neq_is_ten_digits_starting_with_a_register_prefix(typed, stored):
    assert identity.normalise_neq(typed) == stored


@pytest.mark.parametrize("typed, message", [
    ("114000000", "Le NEQ compte exactement 10 chiffres."),
    ("11400000011", "Le NEQ compte exactement 10 chiffres."),
    ("11400000AB", "Le NEQ compte exactement 10 chiffres."),
    ("1240000001", "Un NEQ commence par 11, 22, 33 ou 88."),
    ("9912345678", "Un NEQ commence par 11, 22, 33 ou 88."),
])
def test_malformed_neq_is_refused_in_french(typed, message):
    with pytest.raises(ValidationError) as caught:
        identity.normalise_neq(typed)
    assert caught.value.messages == [message]


def test_registration_form_requires_a_well_formed_neq(client, world, town):
    client.force_login(world.nobody)
    response = client.post(reverse("organisation_register"), form_data(town, neq="4440000001"))
    assert response.status_code == 200
    assert "Un NEQ commence par 11, 22, 33 ou 88." in response.content.decode()
    response = client.post(reverse("organisation_register"), form_data(town, neq=""))
    assert 'id="field-neq"' in response.content.decode() and not Organisation.objects.filter(
        legal_name__startswith="Centre d'action").exists()


def test_service_refuses_a_malformed_or_missing_neq(world, town):
    with pytest.raises(InvalidInput):
        service.register_organisation(world.nobody, **registration(town, neq="1234"))
    with pytest.raises(InvalidInput):
        service.register_organisation(world.nobody, **registration(town, neq=""))


# --- registering --------------------------------------------------------------------------------------------


def test_registering_makes_the_person_its_first_member_and_it_is_to_be_verified(world, town):
    organisation = service.register_organisation(world.nobody, **registration(town))
    assert Membership.objects.filter(user=world.nobody, organisation=organisation).exists()
    assert (organisation.territory, organisation.city, organisation.verified_at) == (town.parent, "Sept-Îles", None)
    log = ActivityLog.objects.of(organisation).get()
    assert (log.action, log.actor, log.to_state) == ("register", world.nobody, "unverified")
    # A draft at once, in an open call, before any verification.
    draft = proposal_service.create_draft(world.call, organisation, world.nobody, title="Épicerie solidaire")
    assert draft.mrcs.get() == town.parent and draft.mission == "Soutenir l'entraide."


def test_registration_page_creates_the_organisation(client, world, town):
    client.force_login(world.nobody)
    response = client.post(reverse("organisation_register"), form_data(town, neq="1160 000 001"))
    organisation = Organisation.objects.get(neq="1160000001")
    assert response.url == reverse("organisation_detail", args=[organisation.pk])
    page = client.get(response.url).content.decode()
    assert "À vérifier" in page and "pas encore vérifié" in page


def test_same_neq_is_a_duplicate_even_elsewhere(world, town):
    existing = factories.OrganisationFactory(legal_name="Tout autre nom", neq="1160000001",
                                             municipality=factories.MunicipalityFactory())
    with pytest.raises(DuplicateOrganisation) as caught:
        service.register_organisation(world.nobody, **registration(town), confirm_distinct=True)
    assert caught.value.same_neq == [existing] and caught.value.http_status == 409
    assert Organisation.objects.filter(neq="1160000001").count() == 1


def test_a_very_close_name_in_the_same_municipality_is_a_duplicate(world, town):
    existing = factories.OrganisationFactory(legal_name="Centre d’Action Benevole de Sept-Iles inc.",
                                             municipality=town, territory=town.parent)
    with pytest.raises(DuplicateOrganisation) as caught:
        service.register_organisation(world.nobody, **registration(town))
    assert (caught.value.same_neq, caught.value.close_names) == ([], [existing])
    # The person says it is another organisation (its NEQ differs): registered.
    organisation = service.register_organisation(world.nobody, **registration(town), confirm_distinct=True)
    assert organisation.pk != existing.pk


def test_the_same_name_in_another_municipality_is_not_a_duplicate(world, town):
    elsewhere = factories.MunicipalityFactory(name="Port-Cartier", parent=town.parent)
    factories.OrganisationFactory(legal_name="Centre d'action bénévole de Sept-Îles", municipality=elsewhere)
    organisation = service.register_organisation(world.nobody, **registration(town))
    assert organisation.municipality == town


def test_a_different_name_in_the_same_municipality_is_not_a_duplicate(world, town):
    factories.OrganisationFactory(legal_name="Coopérative de solidarité alimentaire", municipality=town)
    assert service.register_organisation(world.nobody, **registration(town)).pk


def test_duplicates_are_looked_for_among_the_municipalitys_organisations_only(world, town):
    with CaptureQueriesContext(connection) as captured:
        selectors.possible_duplicates(neq="1160000001", legal_name="Centre", municipality=town)
    sql = [query["sql"] for query in captured.captured_queries]
    assert len(sql) == 2
    assert '"neq" = ' in sql[0] and f'"municipality_id" = {town.pk}' in sql[1]


def test_duplicate_page_shows_the_existing_organisation_and_offers_to_join_it(client, world, town):
    existing = factories.OrganisationFactory(legal_name="Centre d'action bénévole de Sept-Îles", neq="1160000001",
                                             municipality=town)
    client.force_login(world.nobody)
    response = client.post(reverse("organisation_register"), form_data(town))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Cet organisme semble déjà inscrit dans Concerto." in page
    assert reverse("organisation_join", args=[existing.pk]) in page
    assert 'name="confirm_distinct"' not in page  # the same NEQ cannot be another organisation


def test_close_name_page_lets_the_person_confirm_another_organisation(client, world, town):
    factories.OrganisationFactory(legal_name="Centre d'action bénévole Sept-Îles", municipality=town)
    client.force_login(world.nobody)
    page = client.post(reverse("organisation_register"), form_data(town)).content.decode()
    assert 'name="confirm_distinct"' in page
    response = client.post(reverse("organisation_register"), {**form_data(town), "confirm_distinct": "1"})
    assert response.status_code == 302 and Organisation.objects.filter(neq="1160000001").exists()


def test_people_without_an_organisation_are_offered_both_ways_in(client, world):
    client.force_login(world.nobody)
    home = client.get(reverse("home")).content.decode()
    assert reverse("organisation_register") in home and reverse("organisation_search") in home
    start = client.get(reverse("organisation_start")).content.decode()
    assert reverse("organisation_register") in start and 'action="/organismes/rejoindre/"' in start


def test_search_finds_by_name_or_neq_and_shows_no_contact_details(client, world):
    world.organisation.email = "secret@example.org"
    world.organisation.save()
    client.force_login(world.nobody)
    by_name = client.get(reverse("organisation_search"), {"q": world.organisation.legal_name[:12]}).content.decode()
    assert world.organisation.legal_name in by_name and "secret@example.org" not in by_name
    by_neq = client.get(reverse("organisation_search"), {"q": world.organisation.neq}).content.decode()
    assert reverse("organisation_join", args=[world.organisation.pk]) in by_neq
    assert world.organisation.legal_name not in client.get(reverse("organisation_search"), {"q": "Or"}).content.decode()


# --- join requests ------------------------------------------------------------------------------------------


def test_asking_to_join_tells_every_member(world):
    colleague = factories.UserFactory(email="colleague@example.org")
    factories.MembershipFactory(user=colleague, organisation=world.organisation)
    join_request = service.ask_to_join(world.organisation, world.nobody, message="Je coordonne le comptoir.")
    assert (join_request.state, join_request.person, join_request.message) == (
        "pending", world.nobody, "Je coordonne le comptoir.")
    sent = OutboxMessage.objects.filter(kind="join_request")
    assert sorted(sent.values_list("to_email", flat=True)) == ["applicant@example.org", "colleague@example.org"]
    context = sent.first().context
    assert context["organisation_name"] == world.organisation.legal_name
    assert context["actor_name"] == world.nobody.get_full_name()
    assert context["url"].endswith(reverse("organisation_detail", args=[world.organisation.pk]))


def test_asking_twice_or_as_a_member_is_refused(world):
    service.ask_to_join(world.organisation, world.nobody)
    with pytest.raises(Conflict):
        service.ask_to_join(world.organisation, world.nobody)
    with pytest.raises(Conflict):
        service.ask_to_join(world.organisation, world.applicant)
    assert JoinRequest.objects.count() == 1


def test_a_member_approves_and_the_person_joins(world):
    join_request = service.ask_to_join(world.organisation, world.nobody)
    decided = service.approve_join_request(join_request, world.applicant)
    assert (decided.state, decided.decided_by) == ("approved", world.applicant) and decided.decided_at
    assert Membership.objects.filter(user=world.nobody, organisation=world.organisation).exists()
    message = OutboxMessage.objects.get(kind="join_request_approved")
    assert message.to_email == world.nobody.email
    assert message.context["url"].endswith(reverse("organisation_detail", args=[world.organisation.pk]))
    assert [log.action for log in ActivityLog.objects.of(decided)] == ["ask", "approve"]
    with pytest.raises(Conflict):
        service.refuse_join_request(decided, world.applicant)


def test_a_member_refuses_and_the_person_is_told(world):
    join_request = service.ask_to_join(world.organisation, world.nobody)
    decided = service.refuse_join_request(join_request, world.applicant, comment="Inconnu de l'équipe.")
    assert decided.state == "refused"
    assert not Membership.objects.filter(user=world.nobody, organisation=world.organisation).exists()
    message = OutboxMessage.objects.get(kind="join_request_refused")
    assert message.to_email == world.nobody.email and message.context["comment"] == "Inconnu de l'équipe."


@pytest.mark.parametrize("persona, refusal", [
    ("nobody", Forbidden),  # the author sees the request but may not answer it
    ("other_applicant", NotFound), ("analyst", NotFound), ("manager", NotFound),
])
def test_only_members_answer_a_join_request(world, persona, refusal):
    join_request = service.ask_to_join(world.organisation, world.nobody)
    for decide in (service.approve_join_request, service.refuse_join_request):
        with pytest.raises(refusal):
            decide(join_request, getattr(world, persona))
    assert JoinRequest.objects.get().state == "pending"


def test_join_request_pages_answer_404_or_403_to_others(client, world):
    join_request = service.ask_to_join(world.organisation, world.nobody)
    url = reverse("join_request_approve", args=[world.organisation.pk, join_request.pk])
    client.force_login(world.other_applicant)
    assert client.post(url).status_code == 404
    client.force_login(world.nobody)
    assert client.post(url).status_code == 403
    # Under another organisation's address, the request does not exist.
    client.force_login(world.other_applicant)
    assert client.post(reverse("join_request_approve", args=[world.other_organisation.pk, join_request.pk])
                       ).status_code == 404
    assert JoinRequest.objects.get().state == "pending"


def test_the_organisation_page_lists_pending_requests_for_members(client, world):
    join_request = service.ask_to_join(world.organisation, world.nobody, message="Je coordonne le comptoir.")
    client.force_login(world.applicant)
    page = client.get(reverse("organisation_detail", args=[world.organisation.pk])).content.decode()
    assert "Demandes d'adhésion en attente" in page and "Je coordonne le comptoir." in page
    approve = reverse("join_request_approve", args=[world.organisation.pk, join_request.pk])
    assert approve in page
    assert client.post(approve).url == reverse("organisation_detail", args=[world.organisation.pk])
    assert Membership.objects.filter(user=world.nobody, organisation=world.organisation).exists()


def test_join_page_shows_the_name_only_and_sends_the_request(client, world):
    world.organisation.email = "secret@example.org"
    world.organisation.save()
    client.force_login(world.nobody)
    url = reverse("organisation_join", args=[world.organisation.pk])
    page = client.get(url).content.decode()
    assert world.organisation.legal_name in page and "secret@example.org" not in page
    assert world.applicant.email not in page
    assert client.post(url, {"message": "Bonjour"}).url == reverse("organisation_start")
    assert "En attente de la réponse d'un membre" in client.get(reverse("home")).content.decode()


# --- verification by program staff --------------------------------------------------------------------------


@pytest.fixture
def registered(world, town):
    return service.register_organisation(world.nobody, **registration(town))


def test_analyst_of_the_region_verifies_and_it_is_logged(world, registered):
    verified = service.verify_organisation(registered, world.analyst)
    assert verified.verified_by == world.analyst and verified.verified_at is not None
    log = ActivityLog.objects.of(verified).last()
    assert (log.action, log.actor, log.from_state, log.to_state) == ("verify", world.analyst, "unverified",
                                                                     "verified")
    with pytest.raises(Conflict):
        service.verify_organisation(verified, world.manager)


@pytest.mark.parametrize("persona, refusal", [
    ("nobody", Forbidden),  # its own member
    ("board", NotFound), ("reviewer", NotFound), ("outside_analyst", NotFound), ("other_applicant", NotFound),
])
def test_only_program_staff_verify(world, registered, persona, refusal):
    with pytest.raises(refusal):
        service.verify_organisation(registered, getattr(world, persona))
    assert Organisation.objects.get(pk=registered.pk).verified_at is None


def test_staff_of_a_program_it_filed_to_may_verify_it_outside_their_region(world):
    assert world.organisation.territory.parent != world.program.region
    with pytest.raises(NotFound):
        service.verify_organisation(world.organisation, world.analyst)
    factories.ProposalFactory(call=world.call, organisation=world.organisation, state="submitted")
    assert service.verify_organisation(world.organisation, world.analyst).verified_by == world.analyst


def test_staff_list_and_verify_button(client, world, registered):
    client.force_login(world.analyst)
    page = client.get(reverse("organisation_verification_list")).content.decode()
    assert escape(registered.legal_name) in page and "À vérifier" in page
    assert world.other_organisation.legal_name not in page  # neither in the region nor filed here
    response = client.post(reverse("organisation_verify", args=[registered.pk]),
                           {"next": reverse("organisation_verification_list")})
    assert response.url == reverse("organisation_verification_list")
    assert Organisation.objects.get(pk=registered.pk).verified_by == world.analyst
    page = client.get(reverse("organisation_verification_list")).content.decode()
    assert "est vérifié" in page and f'id="organisation-{registered.pk}"' not in page


def test_verify_page_answers_by_role(client, world, registered):
    url = reverse("organisation_verify", args=[registered.pk])
    for persona, status in [("nobody", 403), ("board", 404), ("other_applicant", 404)]:
        client.force_login(getattr(world, persona))
        assert client.post(url).status_code == status, persona
    client.force_login(world.board)
    assert client.get(reverse("organisation_verification_list")).status_code == 403
    assert Organisation.objects.get(pk=registered.pk).verified_at is None


def test_staff_pages_show_the_badge_and_the_verify_button(client, world):
    proposal = factories.ProposalFactory(call=world.call, organisation=world.organisation, state="submitted",
                                         submitted_at="2026-01-05T10:00:00Z")
    client.force_login(world.analyst)
    detail = client.get(reverse("workflow:detail", args=[proposal.pk])).content.decode()
    assert "À vérifier" in detail and reverse("organisation_verify", args=[world.organisation.pk]) in detail
    queue = client.get(reverse("workflow:queue")).content.decode()
    assert "badge-unverified" in queue
    client.post(reverse("organisation_verify", args=[world.organisation.pk]),
                {"next": reverse("workflow:detail", args=[proposal.pk])})
    detail = client.get(reverse("workflow:detail", args=[proposal.pk])).content.decode()
    assert "À vérifier" not in detail
    assert "badge-unverified" not in client.get(reverse("workflow:queue")).content.decode()


def test_changing_what_was_verified_makes_the_organisation_to_be_verified_again(world, registered):
    verified = service.verify_organisation(registered, world.analyst)
    service.update_organisation(verified, world.nobody, phone="418 555-0100")
    assert Organisation.objects.get(pk=registered.pk).verified_at is not None
    service.update_organisation(verified, world.nobody, kind="cooperative")
    assert Organisation.objects.get(pk=registered.pk).verified_at is None
    assert ActivityLog.objects.of(registered).last().action == "profile_changed"


# --- invitation links ----------------------------------------------------------------------------------------


def test_invitation_link_shows_the_organisation_and_only_a_hint_of_the_address(client, world):
    service.invite(world.organisation, world.applicant, email="marie.tremblay@exemple.org")
    invitation = world.organisation.invitations.get()
    url = reverse("invitation_accept", args=[invitation.token])
    client.logout()
    page = client.get(url).content.decode()
    assert world.organisation.legal_name in page
    assert "marie.tremblay" not in page and "m•••@exemple.org" in page
    client.force_login(world.other_applicant)  # someone else signed in: still only the hint
    page = client.get(url).content.decode()
    assert "marie.tremblay" not in page and "m•••@exemple.org" in page
    invited = factories.UserFactory(email="marie.tremblay@exemple.org")
    client.force_login(invited)
    assert "marie.tremblay@exemple.org" in client.get(url).content.decode()
