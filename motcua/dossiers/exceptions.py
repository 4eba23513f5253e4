"""Why a dossier write was refused; surfaces turn these into 403 / 409 / 422 or a message."""

from collections.abc import Sequence


class DossierError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str = "", allowed: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.allowed = list(allowed)


class NotPermitted(DossierError):
    """This person may not do this (403)."""

    status = 403


class Conflict(DossierError):
    """The dossier's state does not allow it now, or another action won a race (409)."""

    status = 409


class InvalidInput(DossierError):
    """The request itself is wrong: a missing reason, an unknown procedure … (422)."""

    status = 422
