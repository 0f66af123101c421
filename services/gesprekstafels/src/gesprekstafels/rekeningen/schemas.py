"""Bodies of a bank account: IBAN, the holder's name as the bank knows it, and the BIC (derived where it can be)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints
from stuurcyclus_common.schemas import Body, Out

#: A SEPA name is at most 70 characters.
Tenaamstelling = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=70)]


class RekeningPut(Body):
    """A change of an account: all of it (`PUT`)."""

    iban: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=42)] = Field(
        description="IBAN, with or without spaces (`NL91 ABNA 0417 1643 00`); its check digits and bank are checked."
    )
    tenaamstelling: Tenaamstelling = Field(description="The account holder's name as the bank knows it.")
    bic: (
        Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")] | None
    ) = Field(default=None, description="Only where the bank cannot be read from the IBAN (abroad).")


class RekeningCreate(RekeningPut):
    houder: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = Field(
        description="`gemeente` (the municipality's account, which pays) or the partner's name as in its token."
    )


class RekeningRead(Out):
    id: uuid.UUID
    houder: str = Field(description="`gemeente` (the account that pays) or the partner's name (as in its token).")
    iban: str = Field(description="Compact, upper case.")
    bic: str | None
    bank: str | None = Field(description="The bank's name, where the IBAN tells.")
    tenaamstelling: str
    versie: int
    updated_at: datetime
