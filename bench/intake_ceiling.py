"""The stack ceiling for `bench/intake.py --ceiling`: what the same server, middleware, bearer
token check and client reach when `POST /api/v1/dossiers` writes a single row (an outbox
message) in its own transaction instead of a dossier.

Settings, URL conf and WSGI application in one module: gunicorn serves
`bench.intake_ceiling:application`, which names this module as its settings and URL conf.
"""

import json
import os
from typing import Any

from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from config.settings import *  # noqa: F403

ROOT_URLCONF = __name__


@csrf_exempt
def one_insert(request: HttpRequest) -> JsonResponse:
    from motcua.api.auth import BearerAuth
    from motcua.outbox.models import OutboxMessage

    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or BearerAuth().authenticate(request, token) is None:
        return JsonResponse({"detail": "Unauthorized"}, status=401)
    body: dict[str, Any] = json.loads(request.body)
    with transaction.atomic():
        row = OutboxMessage.objects.create(
            topic="bench.ceiling",
            key=request.headers.get("Idempotency-Key", ""),
            payload=body,
            available_at=timezone.now(),
        )
    return JsonResponse({"code": f"CEILING-{row.pk}"}, status=201)


os.environ["DJANGO_SETTINGS_MODULE"] = __name__
application = get_wsgi_application()
urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/dossiers", one_insert),
    path("", include("config.urls")),
]
