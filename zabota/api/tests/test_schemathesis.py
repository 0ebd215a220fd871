"""Requests generated from /api/v1/openapi.json, valid and broken, never get a server error."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from zabota.api.api import api
from zabota.wsgi import application

# Built from the API object (the schema the endpoint serves), not fetched at collection time.
raw = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), cls=DjangoJSONEncoder))
# Examples and fuzzing only: the coverage phase adds hundreds of cases and half a minute.
config = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(raw, config=config)
schema.app = application


@pytest.fixture
def key(world, settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis's WSGI client sends
    # Like Django's test client: a request must not close the connection that holds the
    # test's transaction (on PostgreSQL that would lose the test's data).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world.token_for(world.personas.worker1)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case, key):
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=[not_a_server_error])
