"""Schemathesis over the whole API (a bounded run): whatever is sent, no answer is a 5xx.

Runs in both CI passes; on PostgreSQL it is the one that matters, since NUL bytes fail only there.
Half the generated requests name a dossier and a procedure that exist, so they reach the services
instead of stopping at a 404.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from motcua.api.auth import token_issue
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA

# The OpenAPI document is built from the code alone (no database), at collection.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
EXAMPLES = 30  # per operation: about a minute for the whole API


@pytest.fixture(autouse=True)
def keep_connection():
    """The WSGI app closes the database connection after each request; the test's transaction
    lives on it (Django's own test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def known(demo):
    """A bearer token of the administrator, and codes that exist."""
    admin = demo["quantri"]
    dossier = dossier_receive(
        procedure_code=EDIT_DIPLOMA, channel=1, applicant=APPLICANT, actor=demo["tiepnhan"]
    )
    token, _ = token_issue(admin)
    return {"token": token, "dossier": dossier.code, "procedure": EDIT_DIPLOMA}


@schema.parametrize()
@schema.given(existing=st.booleans())
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_gets_a_server_error(case, existing, known):
    if existing and "code" in (case.path_parameters or {}):
        path = case.operation.path
        case.path_parameters["code"] = (
            known["procedure"] if path.startswith("/api/v1/procedures") else known["dossier"]
        )
    case.call_and_validate(
        headers={"Authorization": f"Bearer {known['token']}"}, checks=[not_a_server_error]
    )
