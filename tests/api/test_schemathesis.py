"""Schemathesis against the API's own OpenAPI schema: generated requests, every default check, then the
stateful phase (links inferred from the schema: create a draft, read it, change it, act on it).

The examples are bounded so the suite stays a few minutes long; the server must never answer 5xx nor
anything its schema does not declare, whoever calls.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from config.wsgi import application
from core import tokens
from core.models import ApiToken

# Every default check, as configured out of the box but for one: a request valid by the schema may still be
# refused with 400 when it breaks a rule OpenAPI cannot state (an id that names no call, an end before the
# start, an amount over the call's maximum). 5xx, undocumented statuses and contents stay failures.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application, config=CONFIG)

EXAMPLES = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


# The key of the person calling now: tests create people (and their tokens) in their own transaction.
CALLER = {"key": None}


@schema.auth(refresh_interval=None)
class CallerToken:
    """Our credentials, declared to schemathesis as such: its auth checks then also try without them."""

    def get(self, case, context):
        return CALLER["key"]

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}
        # A generated session cookie would be sent along with the token otherwise.
        case.cookies = {}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through the real WSGI handler, whose request signals close the database connection at
    the end of each request (and with it the test's transaction, on PostgreSQL); Django's own test client
    turns them off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def act_as(user):
    _token, CALLER["key"] = tokens.issue(user, name="schemathesis", scope=ApiToken.Scope.WRITE)


@schema.parametrize()
@EXAMPLES
def test_every_operation_answers_within_its_schema(case, world):
    for persona in (world.applicant, world.analyst):
        act_as(persona)
        case.call_and_validate()


@pytest.mark.parametrize("persona", ["applicant", "analyst", "manager"])
def test_stateful_sequences_answer_within_the_schema(world, persona):
    act_as(getattr(world, persona))
    schema.as_state_machine().run(settings=settings(max_examples=10, stateful_step_count=6, deadline=None, derandomize=True,
                                    database=None, suppress_health_check=list(HealthCheck)))
