"""HTTP routes of notificaties, under /api/v1/notificaties (Notificaties API resource names: kanalen, abonnementen).

The subsidy administration and administrators manage their municipality's subscriptions; policy staff may read; a
partner organisation manages its own, which are sent what it may see (its own events and the public ones, as on the
live stream).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import Query, Response, status
from fastapi.responses import StreamingResponse
from stuurcyclus_common.auth import ALL_ROLES, INTEGRATORS, IdentityDep
from stuurcyclus_common.errors import Problem
from stuurcyclus_common.http import SessionDep, TenantDep, service_router
from stuurcyclus_common.pagination import Page, PagerDep
from stuurcyclus_common.responses import NOT_FOUND, problem

from . import kanalen as channels
from . import schemas, service
from .settings import get_settings
from .stroom import open_stream

router = service_router(
    read=INTEGRATORS | {"beleid", "partner"}, write=INTEGRATORS | {"partner"}, tags=["notificaties"]
)
#: The live stream is for every role's frontends (each sees what it may).
stream_router = service_router(read=ALL_ROLES, write=frozenset(), tags=["notificaties"])
RULES = problem(422, "An unknown channel or filter (named).")


@router.get("/kanalen", response_model=Page[schemas.KanaalRead], summary="The channels and the filters they offer")
async def list_kanalen(pager: PagerDep) -> Page[schemas.KanaalRead]:
    return pager.of(
        [
            schemas.KanaalRead(
                naam=k.naam, documentatie_link=k.documentatie, filters=list(k.filters), acties=list(k.acties)
            )
            for k in channels.KANALEN.values()
        ]
    )


@router.get("/abonnementen", response_model=Page[schemas.AbonnementRead], summary="This municipality's subscriptions")
async def list_abonnementen(
    session: SessionDep, tenant: TenantDep, pager: PagerDep, identity: IdentityDep
) -> Page[schemas.AbonnementRead]:
    rows = await service.list_abonnementen(session, tenant, identity)
    return pager.of([schemas.AbonnementRead.model_validate(a) for a in rows])


@router.post(
    "/abonnementen",
    response_model=schemas.AbonnementCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Subscribe a callback to channels (with filters)",
    responses=RULES,
)
async def create_abonnement(
    data: schemas.AbonnementCreate, session: SessionDep, tenant: TenantDep, identity: IdentityDep
) -> schemas.AbonnementCreated:
    abonnement = await service.subscribe(session, tenant, identity, data, get_settings().callback_policy())
    return schemas.AbonnementCreated.model_validate(abonnement)


@router.get(
    "/abonnementen/{abonnementId}", response_model=schemas.AbonnementRead, summary="A subscription", responses=NOT_FOUND
)
async def get_abonnement(
    abonnementId: uuid.UUID, session: SessionDep, tenant: TenantDep, identity: IdentityDep
) -> schemas.AbonnementRead:
    return schemas.AbonnementRead.model_validate(await service.get_abonnement(session, tenant, abonnementId, identity))


@router.delete(
    "/abonnementen/{abonnementId}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End a subscription (its pending deliveries go with it)",
    responses=NOT_FOUND,
)
async def delete_abonnement(
    abonnementId: uuid.UUID, session: SessionDep, tenant: TenantDep, identity: IdentityDep
) -> Response:
    await session.delete(await service.get_abonnement(session, tenant, abonnementId, identity))
    await session.flush()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/abonnementen/{abonnementId}/afleveringen",
    response_model=Page[schemas.AfleveringRead],
    summary="The delivery log of a subscription (every attempt)",
    responses=NOT_FOUND,
)
async def list_afleveringen(
    abonnementId: uuid.UUID,
    session: SessionDep,
    tenant: TenantDep,
    pager: PagerDep,
    identity: IdentityDep,
    status_: Annotated[Literal["wachtend", "afgeleverd", "geparkeerd"] | None, Query(alias="status")] = None,
) -> Page[schemas.AfleveringRead]:
    return pager.of(await service.deliveries(session, tenant, abonnementId, status_, identity))


@router.post(
    "/abonnementen/{abonnementId}/afleveringen/herhaling",
    response_model=schemas.Herhaling,
    summary="Replay the parked deliveries of a subscription",
    responses=NOT_FOUND,
)
async def replay_afleveringen(
    abonnementId: uuid.UUID, session: SessionDep, tenant: TenantDep, identity: IdentityDep
) -> schemas.Herhaling:
    return schemas.Herhaling(opnieuw=await service.replay(session, tenant, abonnementId, identity))


@router.post(
    "/abonnementen/{abonnementId}/proefaflevering",
    response_model=schemas.AfleveringRead,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a test delivery (kind `test`) to the subscription's receiver, signed and retried like any other",
    responses=NOT_FOUND,
)
async def send_test_delivery(
    abonnementId: uuid.UUID, session: SessionDep, tenant: TenantDep, identity: IdentityDep
) -> schemas.AfleveringRead:
    """Queued now and delivered by the worker within a second or two; its attempts show in the delivery log."""
    aflevering = await service.queue_test(session, tenant, abonnementId, identity, get_settings().public_base_url)
    return schemas.AfleveringRead.model_validate(aflevering)


@stream_router.get(
    "/stroom",
    summary="Live domain events as server-sent events (text/event-stream), filtered by what the caller may see",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "`id`, `event` (the type) and `data` (the CloudEvents envelope) per event.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        503: {"model": Problem, "description": "The event bus cannot be reached now (Retry-After)."},
    },
)
async def stroom(
    identity: IdentityDep,
    tenant: TenantDep,
    kanaal: Annotated[
        list[str] | None, Query(max_length=50, description="Only these channels (repeat the key).")
    ] = None,
) -> StreamingResponse:
    return StreamingResponse(
        await open_stream(identity, set(kanaal) if kanaal else None),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
