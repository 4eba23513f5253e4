import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from motcua.core.localtime import to_local


class VietnamJSONEncoder(NinjaJSONEncoder):
    """Every time goes out in Vietnam time with its +07:00 offset (the API's fixed format)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and o.tzinfo is not None:
            return to_local(o).isoformat()
        return super().default(o)


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Vietnamese letters as they are, not \\u escapes (easier to read and smaller)."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=VietnamJSONEncoder, ensure_ascii=False)
