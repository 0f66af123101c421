"""What the sub-domains' routes share: page parameters, documented refusals, who reads a draft, the ETag."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response
from stuurcyclus_common.auth import POLICY_STAFF, STAFF, policy
from stuurcyclus_common.http import etag
from stuurcyclus_common.pagination import PageParams, page_params
from stuurcyclus_common.responses import NOT_FOUND, VERSIONED, Responses, problem

#: A report that is not yet published, and the texts written for it, are for the municipality's staff: the same
#: readers as the figures it shows (financien's are staff-only). Published reports are for every role.
DRAFT = [policy(STAFF, POLICY_STAFF)]
Params = Annotated[PageParams, Depends(page_params)]
UPDATE: Responses = {**NOT_FOUND, **VERSIONED, **problem(422, "A rule of the agenda refuses the change.")}
Expand = Annotated[
    str | None,
    Query(
        pattern=r"^(interventies|voortgang|risicos)(,(interventies|voortgang|risicos))*$",
        description="Comma-separated: `interventies`, `voortgang`, `risicos`.",
    ),
]


def tag_version(response: Response, thing: object) -> None:
    response.headers["ETag"] = etag(thing.versie)  # type: ignore[attr-defined]
