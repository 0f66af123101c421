"""Who is calling, for a service's own rules: the municipality's staff (by role) or a partner organisation.

Built from the verified token (`auth.Identity`). Who may call a route at all is the route's own declaration
(`auth.only`, `auth.policy_staff`, `auth.staff`, and the router-wide `auth.policy`); with a `Caller` a service checks
only what depends on the data: a partner sees and changes its own applications, reports and payments only
(`require_own` for one row, `partner_scope` for a list).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel
from sqlalchemy import ColumnElement, true

from .auth import IdentityDep
from .errors import Forbidden


class Caller(BaseModel):
    rol: str
    organisatie: str | None = None
    client: str = ""
    naam: str | None = None

    @property
    def is_partner(self) -> bool:
        return self.rol == "partner"

    def require_own(self, organisatie: str, what: str) -> None:
        """Refuse (403) a partner touching another organisation's thing."""
        if self.is_partner and organisatie != self.organisatie:
            raise Forbidden(f"This {what} belongs to another organisation.", code="niet_eigen_organisatie")


def partner_scope(caller: Caller, column: Any) -> ColumnElement[bool]:
    """What a caller may see of a list whose rows belong to an organisation (`column`): a partner its own rows only,
    the municipality's people and systems every row. One rule for every list a partner can read."""
    return column == caller.organisatie if caller.is_partner else true()


async def get_caller(identity: IdentityDep) -> Caller:
    return Caller(rol=identity.rol, organisatie=identity.organisatie, client=identity.client, naam=identity.naam)


CallerDep = Annotated[Caller, Depends(get_caller)]
