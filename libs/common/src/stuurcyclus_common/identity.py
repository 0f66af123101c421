"""Who is calling, for a service's own rules: the municipality's staff (by role) or a partner organisation.

Built from the verified token (`auth.Identity`). Services enforce with it what a partner may see and change — its
own applications and reports only — and what only the municipality's policy staff may do; the router-wide role
policy (`auth.policy`) has already refused roles that may not read or change the service at all.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from pydantic import BaseModel

from .auth import IdentityDep
from .errors import Forbidden

#: Roles that act for the municipality in the cycle (decide, plan, publish).
DIRECTING = frozenset({"beleid", "beheerder"})


class Caller(BaseModel):
    rol: str
    organisatie: str | None = None
    client: str = ""
    naam: str | None = None

    @property
    def is_partner(self) -> bool:
        return self.rol == "partner"

    def require_gemeente(self, action: str) -> None:
        """Refuse (403) what only the municipality's policy staff (or an administrator) may do."""
        if self.rol not in DIRECTING:
            raise Forbidden(
                f"The role {self.rol!r} may not {action}; the municipality's policy staff do.",
                code="rol_niet_toegestaan",
            )

    def require_staff(self, action: str) -> None:
        """Refuse (403) a partner what only the municipality's people and systems may see."""
        if self.is_partner:
            raise Forbidden(f"A partner organisation may not {action}.", code="rol_niet_toegestaan")

    def require_own(self, organisatie: str, what: str) -> None:
        """Refuse (403) a partner touching another organisation's thing."""
        if self.is_partner and organisatie != self.organisatie:
            raise Forbidden(f"This {what} belongs to another organisation.", code="niet_eigen_organisatie")


async def get_caller(identity: IdentityDep) -> Caller:
    return Caller(rol=identity.rol, organisatie=identity.organisatie, client=identity.client, naam=identity.naam)


CallerDep = Annotated[Caller, Depends(get_caller)]
