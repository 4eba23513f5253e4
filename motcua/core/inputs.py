"""The one error for a request's query that cannot be answered, shared by the pages and the API."""


class QueryError(Exception):
    """Bad input (422) or something outside the reader's scope (403), with the field at fault
    (empty when the whole request is refused). `message` is Vietnamese, for people."""

    def __init__(self, status: int, message: str, field: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
