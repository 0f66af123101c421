"""Base classes of every service's request and response bodies: camelCase on the wire, snake_case in Python."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StrictInt, StringConstraints, WithJsonSchema
from pydantic.alias_generators import to_camel

from .nlformat import euro


class Body(BaseModel):
    """Input: camelCase, unknown fields refused (a typo is a 400 naming the field, not a silently ignored value)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class Out(BaseModel):
    """Output: camelCase, read from ORM rows."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class Bedrag(Out):
    """An amount as every service answers one: integer cents, and the text a Dutch screen shows (`€ 1.234.568`)."""

    cent: int = Field(description="Integer cents.")
    tekst: str = Field(description="As a Dutch screen writes it, whole euros: `€ 1.234.568`.")


def bedrag(cent: int) -> Bedrag:
    return Bedrag(cent=cent, tekst=euro(cent))


def json_number(value: object) -> int | float | None:
    """A decimal as a JSON number without padding zeros (`3771.000000` → 3771, `31.500000` → 31.5): a whole number
    exactly, a fraction to a double's precision (15 significant digits and more)."""
    if value is None:
        return None
    exact = Decimal(str(value))
    return int(exact) if exact == exact.to_integral_value() else float(exact.normalize())


#: A decimal answered as a JSON number (as many decimals as the value has), never a padded string: every figure a
#: screen shows (a measurement, an aggregate, a course's figures, a target, a prognosis, an index).
Getal = Annotated[
    Decimal,
    PlainSerializer(json_number, return_type=int | float, when_used="json"),
    WithJsonSchema({"type": "number", "description": "A JSON number: as many decimals as the value has."}),
]


# --- money and counts: strict integers on the wire ------------------------------------------------------------------
# JSON `true`, `"250"`, `500.0` and `1e3` are not amounts: a request that sends one is a 400 naming the field, never a
# value silently coerced to 1, 250, 500 or 1000 cents. Every integer of a request body is one of these (or StrictInt);
# tests/test_strict_numbers.py walks every request schema and proves it.

MAX_CENT = 10**14  # € 1,000,000,000,000: no amount of a municipality comes near

#: An amount in euro cents, never negative.
Cent = Annotated[StrictInt, Field(ge=0, le=MAX_CENT, description="Amount in euro cents (€ 1 = 100).")]
#: An amount in euro cents that may be negative (a correction of an earlier row).
SignedCent = Annotated[
    StrictInt, Field(ge=-MAX_CENT, le=MAX_CENT, description="Euro cents; negative corrects an earlier row.")
]
#: A positive amount in euro cents (what is asked or granted).
PositiveCent = Annotated[StrictInt, Field(ge=1, le=MAX_CENT, description="Amount in euro cents (€ 1 = 100).")]
#: A count of things (never negative).
Aantal = Annotated[StrictInt, Field(ge=0, le=10**9)]
#: A calendar year.
Jaar = Annotated[StrictInt, Field(ge=2000, le=2100)]
#: A year as a JSON object key (keys are strings on the wire: `{"2021": 25000000}`).
JaarSleutel = Annotated[int, Field(ge=2000, le=2100)]
#: The code of the SiSa regulation (the annual accounts' annex on specific grants) money falls under, e.g. `H4`.
SisaCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$"),
    Field(description="SiSa regulation code, e.g. `H4`."),
]
#: The version a caller read (optimistic concurrency).
Versie = Annotated[StrictInt, Field(ge=1)]
