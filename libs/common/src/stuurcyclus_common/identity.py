"""Who is calling: the municipality's own staff, or a partner organisation (which sees only its own things).

Until signed tokens arrive (the security issue), the caller states its organisation in the `Partner-Organisatie`
header: with it the caller is that partner, without it the municipality. Services enforce what a partner may see
and change from this `Caller`, so that swapping its source for verified token claims changes nothing else.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Header
from pydantic import BaseModel

from .errors import Forbidden, InvalidInput

PARTNER_HEADER = "Partner-Organisatie"


class Caller(BaseModel):
    rol: Literal["gemeente", "partner"]
    organisatie: str | None = None

    @property
    def is_partner(self) -> bool:
        return self.rol == "partner"

    def require_gemeente(self, action: str) -> None:
        """Refuse (403) what only the municipality may do."""
        if self.is_partner:
            raise Forbidden(
                f"A partner organisation may not {action}; the municipality does.", code="rol_niet_toegestaan"
            )

    def require_own(self, organisatie: str, what: str) -> None:
        """Refuse (403) a partner touching another organisation's thing."""
        if self.is_partner and organisatie != self.organisatie:
            raise Forbidden(f"This {what} belongs to another organisation.", code="niet_eigen_organisatie")


def get_caller(
    organisatie: Annotated[
        str | None,
        Header(
            alias=PARTNER_HEADER,
            description="The calling partner organisation (absent: the municipality). Replaced by token claims later.",
            max_length=200,
        ),
    ] = None,
) -> Caller:
    if organisatie is None:
        return Caller(rol="gemeente")
    if not organisatie.strip():
        raise InvalidInput.field(f"header.{PARTNER_HEADER}", "must name the organisation", "empty")
    return Caller(rol="partner", organisatie=organisatie.strip())


CallerDep = Annotated[Caller, Depends(get_caller)]
