"""Rules of the budget: lines proposed and adopted, money moved between them, the budget adopted (an event the
cycle waits for); each change announces the financial overview."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.contracts import financien as events
from stuurcyclus_common.errors import Conflict, InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.events import record_event

from ..models import EVENTS, Begroting, Begrotingspost, Verschuiving
from ..overzicht.service import announce_overzicht
from .amounts import actual_amounts
from .schemas import BegrotingspostCreate, BegrotingspostRead, VerschuivingCreate


async def list_posten(
    session: AsyncSession, tenant: str, *, jaar: int | None, soort: str | None
) -> list[Begrotingspost]:
    query = select(Begrotingspost).where(Begrotingspost.tenant == tenant)
    if jaar:
        query = query.where(Begrotingspost.jaar == jaar)
    if soort:
        query = query.where(Begrotingspost.soort == soort)
    return list(
        await session.scalars(query.order_by(Begrotingspost.jaar, Begrotingspost.soort, Begrotingspost.omschrijving))
    )


async def list_begrotingen(session: AsyncSession, tenant: str) -> list[Begroting]:
    return list(await session.scalars(select(Begroting).where(Begroting.tenant == tenant).order_by(Begroting.jaar)))


async def post_reads(session: AsyncSession, posts: list[Begrotingspost]) -> list[BegrotingspostRead]:
    actual = await actual_amounts(session, posts)
    return [BegrotingspostRead.model_validate(p).model_copy(update={"actueel_cent": actual[p.id]}) for p in posts]


async def reallocate(session: AsyncSession, tenant: str, data: VerschuivingCreate) -> Verschuiving:
    """Move money between two budget lines of the same year, with a reason; a line never goes below zero."""
    if data.van_post_id == data.naar_post_id:
        raise Unprocessable("A reallocation needs two different budget lines.", code="zelfde_post")
    ids = sorted([data.van_post_id, data.naar_post_id])
    posts = {
        p.id: p
        for p in await session.scalars(
            select(Begrotingspost).where(Begrotingspost.tenant == tenant, Begrotingspost.id.in_(ids)).with_for_update()
        )
    }
    for name, post_id in (("vanPostId", data.van_post_id), ("naarPostId", data.naar_post_id)):
        if post_id not in posts:
            raise Unprocessable(
                f"Budget line {post_id} does not exist in {tenant}.",
                code="post_onbekend",
                invalid_params=[InvalidParam(name=name, code="unknown", reason="no such budget line")],
            )
    van, naar = posts[data.van_post_id], posts[data.naar_post_id]
    if van.jaar != naar.jaar:
        raise Unprocessable(f"Both lines must be of one year ({van.jaar} ≠ {naar.jaar}).", code="ander_jaar")
    available = (await actual_amounts(session, [van]))[van.id]
    if data.bedrag_cent > available:
        raise Conflict(
            f"Only {available} cents are left on {van.omschrijving!r}; {data.bedrag_cent} cannot move.",
            code="ontoereikend",
        )
    verschuiving = Verschuiving(id=uuid.uuid4(), tenant=tenant, **data.model_dump())
    session.add(verschuiving)
    await session.flush()
    await announce_overzicht(session, tenant)
    return verschuiving


async def list_verschuivingen(session: AsyncSession, tenant: str) -> list[Verschuiving]:
    query = select(Verschuiving).where(Verschuiving.tenant == tenant).order_by(Verschuiving.geregistreerd_op)
    return list(await session.scalars(query))


async def create_post(
    session: AsyncSession, tenant: str, data: BegrotingspostCreate, *, announce: bool = True
) -> Begrotingspost:
    """Propose a budget line."""
    post = Begrotingspost(id=uuid.uuid4(), tenant=tenant, status="voorgesteld", **data.model_dump())
    session.add(post)
    await session.flush()
    if announce:
        await announce_overzicht(session, tenant)
    return post


async def adopt_post(session: AsyncSession, tenant: str, post_id: uuid.UUID) -> Begrotingspost:
    post = await session.scalar(
        select(Begrotingspost).where(Begrotingspost.tenant == tenant, Begrotingspost.id == post_id).with_for_update()
    )
    if post is None:
        raise NotFound(f"Budget line {post_id} does not exist in {tenant}.")
    if post.status == "vastgesteld":
        raise Conflict("This budget line is already adopted.", code="al_vastgesteld")
    post.status = "vastgesteld"
    await session.flush()
    await announce_overzicht(session, tenant)
    return post


async def create_begroting(session: AsyncSession, tenant: str, jaar: int) -> Begroting:
    if await session.scalar(select(Begroting.id).where(Begroting.tenant == tenant, Begroting.jaar == jaar)):
        raise Conflict(f"The budget {jaar} already exists in {tenant}.", code="bestaat_al")
    begroting = Begroting(id=uuid.uuid4(), tenant=tenant, jaar=jaar, status="voorgesteld")
    session.add(begroting)
    await session.flush()
    return begroting


async def adopt_begroting(session: AsyncSession, tenant: str, begroting_id: uuid.UUID, op: date) -> Begroting:
    """The council adopts the budget: recorded once, announced by event (the subsidy cycle waits for it)."""
    begroting = await session.scalar(
        select(Begroting).where(Begroting.tenant == tenant, Begroting.id == begroting_id).with_for_update()
    )
    if begroting is None:
        raise NotFound(f"Budget {begroting_id} does not exist in {tenant}.")
    if begroting.status == "vastgesteld":
        raise Conflict(f"The budget {begroting.jaar} was adopted on {begroting.vastgesteld_op}.", code="al_vastgesteld")
    begroting.status, begroting.vastgesteld_op = "vastgesteld", op
    await session.flush()
    event = events.BegrotingVastgesteld(begrotingId=begroting.id, jaar=begroting.jaar, vastgesteldOp=op.isoformat())
    await record_event(session, EVENTS, event, tenant=tenant, subject=str(begroting.id))
    return begroting
