"""Routes: who may decide how much (the mandate table), and decisions waiting for a second decider (four eyes)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query, status
from stuurcyclus_common.auth import ALL_ROLES, POLICY_STAFF, only, policy_staff, staff
from stuurcyclus_common.http import IfMatchDep, SessionDep, TenantDep, service_router
from stuurcyclus_common.identity import CallerDep
from stuurcyclus_common.pagination import Page, PagerDep

from ..besluiten.schemas import BesluitRead
from ..besluiten.service import execute_grant
from ..shared.http import ACTION, FORBIDDEN, NOT_FOUND, UPDATE
from ..verantwoording.service import execute_settlement
from . import schemas
from . import service as mandaten

# The municipality's staff read the table and what waits; its policy staff co-decide; the administrator keeps it.
router = service_router(read=ALL_ROLES, write=POLICY_STAFF)
#: Nobody sets their own mandate: the table is the administrator's (who keeps the mandaatregeling), under four eyes.
KEEPS_THE_TABLE = only(
    {"beheerder"}, "change the mandate table", refusal="Only the administrator (beheerder) keeps the mandate table"
)
#: Who takes a decision once its second decider co-decides, by kind: each sub-domain's own executor.
EXECUTORS = {"toekenning": execute_grant, "vaststelling": execute_settlement}


@router.get(
    "/mandaten",
    response_model=Page[schemas.MandaatRead],
    tags=["mandaten"],
    summary="The mandate table: who may grant or settle how much alone (the default until the municipality sets one)",
    responses=FORBIDDEN,
    dependencies=[staff("read the mandate table")],
)
async def list_mandaten(session: SessionDep, tenant: TenantDep, pager: PagerDep) -> Page[schemas.MandaatRead]:
    return pager.of(await mandaten.list_mandaten(session, tenant))


@router.post(
    "/mandaten",
    response_model=schemas.MandaatwijzigingRead,
    status_code=status.HTTP_202_ACCEPTED,
    tags=["mandaten"],
    summary="Propose a line (an administrator; carried out when another confirms; the first line replaces the "
    "default table)",
    responses=ACTION,
    dependencies=[KEEPS_THE_TABLE],
)
async def create_mandaat(
    data: schemas.MandaatCreate, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.MandaatwijzigingRead:
    return schemas.MandaatwijzigingRead.model_validate(await mandaten.create_mandaat(session, tenant, caller, data))


@router.delete(
    "/mandaten/{mandaatId}",
    response_model=schemas.MandaatwijzigingRead,
    status_code=status.HTTP_202_ACCEPTED,
    tags=["mandaten"],
    summary="Propose removing a line (If-Match: its version; carried out when another administrator confirms)",
    responses=UPDATE,
    dependencies=[KEEPS_THE_TABLE],
)
async def delete_mandaat(
    mandaatId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep, if_match: IfMatchDep
) -> schemas.MandaatwijzigingRead:
    wijziging = await mandaten.delete_mandaat(session, tenant, caller, mandaat_id=mandaatId, if_match=if_match)
    return schemas.MandaatwijzigingRead.model_validate(wijziging)


@router.get(
    "/mandaatwijzigingen",
    response_model=Page[schemas.MandaatwijzigingRead],
    tags=["mandaten"],
    summary="Changes of the mandate table: waiting for a second administrator, or carried out",
    responses=FORBIDDEN,
    dependencies=[staff("read changes of the mandate table")],
)
async def list_wijzigingen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    status_: Annotated[Literal["wacht", "doorgevoerd"] | None, Query(alias="status")] = None,
) -> Page[schemas.MandaatwijzigingRead]:
    rows = await mandaten.list_wijzigingen(session, tenant, status_)
    return pager.of([schemas.MandaatwijzigingRead.model_validate(w) for w in rows])


@router.post(
    "/mandaatwijzigingen/{wijzigingId}/bevestiging",
    response_model=schemas.MandaatwijzigingRead,
    tags=["mandaten"],
    summary="Confirm a proposed change of the mandate table (another administrator than the one who proposed it)",
    responses=ACTION,
    dependencies=[KEEPS_THE_TABLE],
)
async def confirm_wijziging(
    wijzigingId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep
) -> schemas.MandaatwijzigingRead:
    return schemas.MandaatwijzigingRead.model_validate(await mandaten.confirm(session, tenant, caller, wijzigingId))


@router.get(
    "/besluitvoorstellen",
    response_model=Page[schemas.BesluitvoorstelRead],
    tags=["mandaten"],
    summary="Grants and settlements above their first decider's mandate, waiting for (or given) a second decider",
    responses=FORBIDDEN,
    dependencies=[staff("read decisions waiting for a second decider")],
)
async def list_voorstellen(
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    status_: Annotated[Literal["wacht", "besloten", "afgewezen"] | None, Query(alias="status")] = None,
) -> Page[schemas.BesluitvoorstelRead]:
    rows = await mandaten.list_voorstellen(session, tenant, status_)
    return pager.of([schemas.BesluitvoorstelRead.model_validate(v) for v in rows])


@router.get(
    "/besluitvoorstellen/{voorstelId}",
    response_model=schemas.BesluitvoorstelRead,
    tags=["mandaten"],
    summary="A decision waiting for a second decider",
    responses={**NOT_FOUND, **FORBIDDEN},
    dependencies=[staff("read decisions waiting for a second decider")],
)
async def get_voorstel(voorstelId: uuid.UUID, session: SessionDep, tenant: TenantDep) -> schemas.BesluitvoorstelRead:
    return schemas.BesluitvoorstelRead.model_validate(await mandaten.get_voorstel(session, tenant, voorstelId))


@router.post(
    "/besluitvoorstellen/{voorstelId}/medebesluit",
    response_model=BesluitRead,
    status_code=status.HTTP_201_CREATED,
    tags=["mandaten"],
    summary="Co-decide as the second decider (another person, whose mandate covers the amount): the decision",
    responses=ACTION,
    dependencies=[policy_staff("co-decide")],
)
async def co_decide(voorstelId: uuid.UUID, session: SessionDep, tenant: TenantDep, caller: CallerDep) -> BesluitRead:
    return BesluitRead.model_validate(
        await mandaten.co_decide(session, tenant, caller, voorstelId, executors=EXECUTORS)
    )


@router.post(
    "/besluitvoorstellen/{voorstelId}/afwijzing",
    response_model=schemas.BesluitvoorstelRead,
    tags=["mandaten"],
    summary="Decline to co-decide, with a reason: the proposal ends, the application stays where it was",
    responses=ACTION,
    dependencies=[policy_staff("co-decide")],
)
async def refuse(
    voorstelId: uuid.UUID,
    data: schemas.MedebesluitAfwijzing,
    session: SessionDep,
    tenant: TenantDep,
    caller: CallerDep,
) -> schemas.BesluitvoorstelRead:
    return schemas.BesluitvoorstelRead.model_validate(
        await mandaten.refuse(session, tenant, caller, voorstel_id=voorstelId, data=data)
    )
