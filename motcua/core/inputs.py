"""The input policy: what MotCua accepts from anyone, in one place, for the API's schemas and the
pages' forms alike.

- Text is normalised to NFC; control characters are refused (NUL above all: PostgreSQL cannot
  store it), except tab and line breaks in multi-line text; every text has a maximum length,
  the column's.
- Money is whole đồng between 0 and MAX_MONEY; counts are bounded.
- Dates lie between MOTCUA_EARLIEST_DATE and MOTCUA_LATEST_DATE (settings); a time without an
  offset is Vietnam time.

Breaking a rule raises InputError (a ValueError) with a Vietnamese message, which pydantic turns
into a 422 and a form into a field error: never a 500.
"""

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from pydantic import AfterValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from motcua.core.localtime import VN_TZ, format_date

# 1,000 billion đồng: far above any fee, below every integer column (PostgreSQL bigint).
MAX_MONEY = 10**12
# Counts and numbers chosen by people (pages, versions, steps): a PostgreSQL integer.
MAX_COUNT = 2**31 - 1
# Multi-line text (notes, reasons) when its column is unbounded.
MAX_NOTE = 4000
_LINE_CONTROLS = frozenset("\t\n\r")


class QueryError(Exception):
    """Bad input (422) or something outside the reader's scope (403), with the field at fault
    (empty when the whole request is refused). `message` is Vietnamese, for people."""

    def __init__(self, status: int, message: str, field: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


class InputError(ValueError):
    """A value breaks the input policy; the message is Vietnamese."""


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character `text` may not hold (control, surrogate or noncharacter), if any."""
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" and not (multiline and char in _LINE_CONTROLS):
            return char
        if category == "Cs" or (0xFDD0 <= ord(char) <= 0xFDEF) or (ord(char) & 0xFFFE) == 0xFFFE:
            return char
    return None


def clean_text(value: str, *, max_length: int, multiline: bool = False) -> str:
    """`value` in NFC; InputError when it holds a control character or is too long."""
    if control_character(value, multiline=multiline) is not None:
        raise InputError("Có ký tự điều khiển không được phép (ví dụ ký tự NUL).")
    text = unicodedata.normalize("NFC", value)
    if len(text) > max_length:
        raise InputError(f"Dài quá {max_length} ký tự.")
    return text


def date_range() -> tuple[date, date]:
    """The first and last day MotCua accepts (settings MOTCUA_EARLIEST_DATE, _LATEST_DATE)."""
    return settings.MOTCUA_EARLIEST_DATE, settings.MOTCUA_LATEST_DATE


def check_day(day: date) -> date:
    first, last = date_range()
    if not first <= day <= last:
        raise InputError(f"Ngày phải trong khoảng {format_date(first)} – {format_date(last)}.")
    return day


def check_moment(moment: datetime) -> datetime:
    """`moment` made aware (no offset: Vietnam time), with its day in the accepted range."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    check_day(moment.astimezone(VN_TZ).date())
    return moment


@dataclass(frozen=True)
class TextRule:
    """Pydantic metadata putting a string under the policy: `Annotated[str, TextRule(255)]`.
    The limit shows in the OpenAPI document as maxLength."""

    max_length: int
    multiline: bool = False

    def validate(self, value: str) -> str:
        return clean_text(value, max_length=self.max_length, multiline=self.multiline)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.validate, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        found = dict(handler(schema))
        found["maxLength"] = self.max_length
        return found


Line = Annotated[str, TextRule(255)]  # a name, a title, an address line
Code = Annotated[str, TextRule(64)]  # codes and identifiers in paths and queries
Note = Annotated[str, TextRule(MAX_NOTE, multiline=True)]  # notes, reasons, comments
Day = Annotated[date, AfterValidator(check_day)]
Moment = Annotated[datetime, AfterValidator(check_moment)]
Money = Annotated[int, Field(ge=0, le=MAX_MONEY)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


# -- Django forms --------------------------------------------------------------------------------


class TextField(forms.CharField):
    """A form's text under the policy (NFC, no control characters, bounded)."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_NOTE if multiline else 255)
        super().__init__(**kwargs)
        self.multiline = multiline

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        if text is None:
            return None
        if control_character(text, multiline=self.multiline) is not None:
            raise forms.ValidationError(
                "Có ký tự điều khiển không được phép (ví dụ ký tự NUL).", code="control"
            )
        return unicodedata.normalize("NFC", text)


class DayField(forms.DateField):
    """A day typed dd/mm/yyyy, within the accepted range."""

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        if day is not None:
            try:
                check_day(day)
            except InputError as exc:
                raise forms.ValidationError(str(exc), code="range") from exc
        return day


def MoneyField(**kwargs: Any) -> forms.IntegerField:  # noqa: N802 (reads as a field class)
    return forms.IntegerField(min_value=0, max_value=MAX_MONEY, **kwargs)


def CountField(**kwargs: Any) -> forms.IntegerField:  # noqa: N802 (reads as a field class)
    kwargs.setdefault("min_value", 0)
    kwargs.setdefault("max_value", MAX_COUNT)
    return forms.IntegerField(**kwargs)


def posted_text(
    data: Mapping[str, Any], name: str, *, max_length: int, multiline: bool = False
) -> str:
    """A field read straight from a request's POST or GET (no form), stripped, under the
    policy: InputError when it breaks it."""
    return clean_text(str(data.get(name, "")).strip(), max_length=max_length, multiline=multiline)


# -- URLs ----------------------------------------------------------------------------------------


class ControlCharactersMiddleware:
    """Refuse a URL whose path or query holds a control character (%00 above all) before any
    view reads it: 400 for a path, 422 naming the parameter for a query (JSON under /api/)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        message = "Địa chỉ có ký tự điều khiển không được phép (ví dụ ký tự NUL)."
        if control_character(request.path) is not None:
            return self._refuse(request, 400, message, "path")
        for name, values in request.GET.lists():  # decoded as Django decodes it (UTF-8)
            if any(control_character(name + v, multiline=True) is not None for v in values):
                return self._refuse(request, 422, message, control_free(name))
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, status: int, message: str, field: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            body = {"detail": message, "errors": [{"field": field, "message": message}]}
            return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
        return render(request, "400.html", {"message": message}, status=status)


def control_free(text: str) -> str:
    """`text` without its control characters (to name a field in an error safely)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cc") or "query"


# -- Messages ------------------------------------------------------------------------------------

_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "string_type": "Phải là một chuỗi ký tự.",
    "int_type": "Phải là số nguyên.",
    "int_parsing": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "date_type": "Phải là một ngày dạng YYYY-MM-DD.",
    "date_parsing": "Phải là một ngày dạng YYYY-MM-DD.",
    "date_from_datetime_parsing": "Phải là một ngày dạng YYYY-MM-DD.",
    "datetime_type": "Phải là thời điểm ISO 8601, ví dụ 2026-12-02T08:00:00+07:00.",
    "datetime_parsing": "Phải là thời điểm ISO 8601, ví dụ 2026-12-02T08:00:00+07:00.",
    "datetime_from_date_parsing": "Phải là thời điểm ISO 8601, ví dụ 2026-12-02T08:00:00+07:00.",
    "list_type": "Phải là một danh sách.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_type": "Phải là một đối tượng JSON.",
    "json_invalid": "Nội dung không phải JSON hợp lệ.",
}


def pydantic_message(error: Mapping[str, Any]) -> str:
    """A Vietnamese message for one pydantic validation error (its English one as a fallback)."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind in ("string_too_long", "too_long"):
        return f"Dài quá {ctx.get('max_length')} ký tự / phần tử."
    if kind in ("less_than_equal", "less_than"):
        return f"Không được lớn hơn {ctx.get('le', ctx.get('lt'))}."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Không được nhỏ hơn {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("enum", "literal_error"):
        return f"Giá trị không hợp lệ; chọn một trong: {ctx.get('expected', '')}."
    return _MESSAGES.get(kind, str(error.get("msg", "Giá trị không hợp lệ.")))
