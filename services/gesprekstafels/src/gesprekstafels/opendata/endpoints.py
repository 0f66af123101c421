"""Routes: The municipality's grants as open data (360Giving)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from stuurcyclus_common.auth import ALL_ROLES
from stuurcyclus_common.http import SessionDep, TenantDep, csv_download, service_router

from . import schemas, service

# Open data: every role reads it (the package holds only what may be published).
router = service_router(read=ALL_ROLES, write=frozenset())


@router.get(
    "/open-data/360giving",
    response_model=schemas.Giving360Package,
    tags=["open data"],
    summary="The municipality's decided grants as open data (360Giving Data Standard), as JSON or its CSV",
    responses={200: {"content": {"text/csv": {}}, "description": "With `formaat=csv`: the standard's flat CSV."}},
)
async def get_360giving(
    session: SessionDep,
    tenant: TenantDep,
    formaat: Annotated[Literal["json", "csv"], Query(description="`csv`: 360Giving's flat CSV.")] = "json",
):  # noqa: ANN201  (the package, or its CSV)
    package = await service.grants(session, tenant)
    if formaat == "csv":
        return csv_download(service.as_csv(package), f"360giving-{tenant}.csv")
    return package
