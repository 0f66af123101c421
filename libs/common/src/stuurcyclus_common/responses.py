"""The refusals a route documents in its OpenAPI operation (`responses=`), defined once for every service."""

from __future__ import annotations

from typing import Any

from .errors import Problem

#: FastAPI's shape of an operation's documented responses.
Responses = dict[int | str, dict[str, Any]]


def problem(status: int, description: str) -> Responses:
    """A documented problem+json answer."""
    return {status: {"model": Problem, "description": description}}


NOT_FOUND = problem(404, "Not found in this municipality.")
FORBIDDEN = problem(403, "Not for this caller: another organisation's, or the municipality's to do.")
CONFLICT = problem(409, "Conflicts with existing data.")
RULES = problem(422, "A rule refuses the input (the field is named).")
#: A change under optimistic locking: the version read is asked (If-Match or `versie`).
VERSIONED = {
    **problem(412, "It changed since you read it: reload and apply your change again."),
    **problem(428, "No version given (If-Match header or `versie`)."),
}
