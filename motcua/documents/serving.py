"""Serving a stored file: always as an attachment, never sniffed by the browser."""

from urllib.parse import quote

from django.http import FileResponse

from motcua.documents.models import StoredFile
from motcua.documents.uploads import stored_path


def file_response(stored: StoredFile) -> FileResponse:
    """The caller has already checked that the person may read `stored`."""
    response = FileResponse(stored_path(stored).open("rb"), content_type=stored.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stored.original_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
