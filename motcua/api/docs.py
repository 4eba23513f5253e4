"""The interactive API page (`/api/v1/docs`) from the vendored Swagger UI, never from a CDN.

django-ninja's own Swagger page loads its scripts from jsDelivr unless `ninja` is an installed app;
an intranet has no CDN, so the page came up blank. This one names only files MotCua serves itself
(`motcua/static/vendor/swagger-ui/`)."""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class OfflineSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            # Swagger UI would otherwise ask validator.swagger.io about the document.
            "validatorUrl": None,
        }
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})
