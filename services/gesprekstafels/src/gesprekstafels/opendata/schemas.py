"""The open-data package (360Giving)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Giving360Package(BaseModel):
    """A 360Giving Data Standard package (https://standard.threesixtygiving.org): the grants as open data, each with
    the standard's required fields (`id`, `title`, `description`, `currency`, `amountAwarded`, `awardDate`,
    `recipientOrganization`, `fundingOrganization`) and `amountAppliedFor`, `amountDisbursed`, `grantProgramme`,
    `fromOpenCall`, `plannedDates`, `beneficiaryLocation`. Field names are the standard's own."""

    grants: list[dict[str, Any]]
    version: str = Field(description="The version of the 360Giving schema the package follows.")
