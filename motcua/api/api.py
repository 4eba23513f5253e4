"""The JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from motcua.api import dossiers, me, metrics, procedures, reports, tracking, workdays
from motcua.api.answers import ERROR_MEANINGS
from motcua.api.docs import OfflineSwagger
from motcua.api.rendering import Utf8JSONRenderer
from motcua.core.inputs import QueryError, pydantic_message


class MotCuaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """The generated document, with what each error status means in this API."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, answer in operation["responses"].items():
                    answer["description"] = ERROR_MEANINGS.get(status, answer["description"])
        return schema


api = MotCuaAPI(
    title="MotCua API",
    version="1",
    description=(
        "API của hệ thống một cửa điện tử MotCua. Mọi thời điểm theo ISO 8601 với múi giờ "
        "+07:00; tiền tính bằng đồng (số nguyên)."
    ),
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
    docs=OfflineSwagger(),
)


def _field_name(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path", "header")]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(list(e.get("loc", []))), "message": pydantic_message(e)}
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": "Dữ liệu không hợp lệ.", "errors": errors}, status=422
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Không tìm thấy."}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    body: dict[str, Any] = {"detail": exc.message}
    field = getattr(exc, "field", "")
    if field:
        body["errors"] = [{"field": field, "message": exc.message}]
    if exc.status_code in (403, 409) and hasattr(exc, "allowed"):
        body["allowed_actions"] = exc.allowed
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(QueryError)
def query_error(request: HttpRequest, exc: QueryError) -> HttpResponse:
    body: dict[str, Any] = {"detail": exc.message}
    if exc.field:
        body["errors"] = [{"field": exc.field, "message": exc.message}]
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Cần đăng nhập: gửi Authorization: Bearer <token>."}, status=401
    )


api.add_router("/procedures", procedures.router)
api.add_router("/workdays", workdays.router)
api.add_router("/auth", dossiers.auth_router)
api.add_router("/dossiers", dossiers.router)
api.add_router("/track", tracking.router)
api.add_router("/me", me.router)
api.add_router("/reports", reports.router)
api.add_router("/metrics", metrics.router)
