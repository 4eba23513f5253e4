from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    return {"agency_name": settings.MOTCUA_AGENCY_NAME}
