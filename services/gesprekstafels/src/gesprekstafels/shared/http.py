"""What the sub-domains' routes share: page parameters, documented refusals, the ETag header."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Response
from stuurcyclus_common.http import etag
from stuurcyclus_common.pagination import PageParams, page_params
from stuurcyclus_common.responses import FORBIDDEN, NOT_FOUND, RULES, VERSIONED, Responses, problem

__all__ = ["ACTION", "CONFLICT", "FORBIDDEN", "NOT_FOUND", "RULES", "UPDATE", "Params", "tag_version"]

Params = Annotated[PageParams, Depends(page_params)]
CONFLICT = problem(409, "Not now: the phase, the status or the order of the cycle refuses it (reason in `detail`).")
ACTION: Responses = {**NOT_FOUND, **FORBIDDEN, **CONFLICT, **RULES}
UPDATE: Responses = {**ACTION, **VERSIONED}


def tag_version(response: Response, versie: int) -> None:
    response.headers["ETag"] = etag(versie)
