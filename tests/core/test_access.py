import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from core import access
from core.errors import Conflict, Forbidden, NotFound
from core.middleware import RefusalMiddleware
from tests import factories


@pytest.fixture
def program(db):
    return factories.ProgramFactory()


def test_roles_are_scoped_to_their_program(program):
    other = factories.ProgramFactory()
    user = factories.UserFactory()
    factories.ProgramRoleFactory(user=user, program=program, role=access.REVIEWER)
    assert access.has_program_role(user, program.pk, access.REVIEWER)
    assert not access.has_program_role(user, other.pk, access.REVIEWER)
    assert not access.has_program_role(user, program.pk, *access.STAFF)


def test_roles_are_read_once_and_forgotten_on_request(program, django_assert_num_queries):
    user = factories.UserFactory()
    factories.ProgramRoleFactory(user=user, program=program, role=access.ANALYST)
    with django_assert_num_queries(1):
        for _ in range(3):
            access.program_ids_with_role(user, access.ANALYST)
    factories.ProgramRoleFactory(user=user, program=factories.ProgramFactory(), role=access.ANALYST)
    assert len(access.program_ids_with_role(user, access.ANALYST)) == 1
    access.forget(user)
    assert len(access.program_ids_with_role(user, access.ANALYST)) == 2


def test_program_role_predicate_reaches_the_program_through_the_object(program):
    user = factories.UserFactory()
    factories.ProgramRoleFactory(user=user, program=program, role=access.BOARD)
    call = factories.CallFactory(program=program)
    is_board = access.program_role(access.BOARD, program_of=lambda c: c.program_id, name="test_is_board")
    assert is_board.test(user, call)
    assert not is_board.test(user, factories.CallFactory())
    assert not is_board.test(user, None)


def test_member_predicate_and_inactive_people(db):
    membership = factories.MembershipFactory()
    is_member = access.member_of(lambda organisation: organisation.pk, name="test_member")
    assert is_member.test(membership.user, membership.organisation)
    assert not is_member.test(factories.UserFactory(), membership.organisation)
    membership.user.is_active = False
    access.forget(membership.user)
    assert not is_member.test(membership.user, membership.organisation)


def test_only_active_superusers_are_admins(db):
    admin = factories.UserFactory(is_superuser=True)
    assert access.is_admin.test(admin)
    assert access.visible_program_ids(admin, access.ANALYST) is None
    admin.is_active = False
    assert not access.is_admin.test(admin)
    assert not access.is_admin.test(factories.UserFactory())


@pytest.mark.parametrize(("refusal", "status"), [(NotFound, 404), (Forbidden, 403), (Conflict, 409)])
def test_a_refusal_reaching_a_page_answers_its_status(db, refusal, status):
    middleware = RefusalMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    request.user = factories.UserFactory()
    if status == 409:
        response = middleware.process_exception(request, refusal("La demande a changé."))
        assert response.status_code == 409
        assert "La demande a changé." in response.content.decode()
    else:
        with pytest.raises(Http404 if status == 404 else PermissionDenied):
            middleware.process_exception(request, refusal())


@pytest.mark.parametrize("url", ["/api/v1/proposals/", "/api/v1/reviews/", "/api/v1/agreements/",
                                 "/api/v1/reports/"])
def test_every_api_answers_errors_in_one_format(client, db, url):
    body = client.get(url).json()
    assert set(body) == {"code", "message", "details"} and body["code"] == "not_authenticated"
    client.force_login(factories.UserFactory())
    body = client.get(url + "abc/").json()
    assert (body["code"], set(body)) == ("not_found", {"code", "message", "details"})
