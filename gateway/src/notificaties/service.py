"""Rules of notificaties: subscriptions, queueing the events they are owed, delivering them.

Delivery: due deliveries are claimed with `FOR UPDATE SKIP LOCKED` (and a lease), POSTed with the subscription's
`Authorization`, an HMAC-SHA256 signature of the body, and the event id as `Idempotency-Key` (so a receiver can drop
duplicates — delivery is at least once); every attempt is logged; a failure is retried with backoff; when attempts
run out the delivery is parked and `notificaties.aflevering.geparkeerd` announced (the alert); parked deliveries are
replayed on request.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from urllib.parse import urlsplit

import httpx
from sqlalchemy import ColumnElement, String, and_, bindparam, exists, func, select, true, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.auth import Identity
from stuurcyclus_common.contracts.notificaties import AfleveringGeparkeerd
from stuurcyclus_common.db import Database, affected
from stuurcyclus_common.errors import InvalidParam, NotFound, Unprocessable
from stuurcyclus_common.events import EventEnvelope, record_event
from stuurcyclus_common.events.aflevering import SIGNATURE_HEADER
from stuurcyclus_common.events.visibility import may_see, shown_to
from stuurcyclus_common.logs import get_logger
from stuurcyclus_common.reads import Prepared

from . import kanalen as channels
from . import schemas
from .callbacks import CallbackPolicy, CallbackRefused, Resolver, pinned_url
from .models import EVENTS, Abonnement, Aflevering, Poging
from .settings import NotificatieSettings

#: What a failed delivery's log says, by httpx's error: a fixed text (a receiver's or a network's message is not
#: repeated: the delivery log is readable by integrators and could otherwise echo what an internal endpoint said).
_DELIVERY_FAILURES = {
    "ConnectTimeout": "the receiver did not accept the connection in time",
    "ReadTimeout": "the receiver did not answer in time",
    "WriteTimeout": "the request could not be sent in time",
    "PoolTimeout": "no connection was free in time",
    "ConnectError": "the receiver refused the connection or could not be found",
    "RemoteProtocolError": "the receiver broke off the answer",
    "ReadError": "the connection broke while reading the answer",
    "WriteError": "the connection broke while sending",
    "TooManyRedirects": "the receiver redirected too often",
}
_PHRASES = {s.value for s in HTTPStatus}

log = get_logger(__name__)


def _invalid(name: str, reason: str) -> Unprocessable:
    return Unprocessable(
        f"{name}: {reason}", code="ongeldig", invalid_params=[InvalidParam(name=name, code="invalid", reason=reason)]
    )


def subscriber(abonnement: Abonnement) -> Identity:
    """Who a subscription delivers to, as the live stream would see them: what they may be sent."""
    return Identity(
        client=abonnement.client, gemeente=abonnement.tenant, rol=abonnement.rol, organisatie=abonnement.organisatie
    )


def own(identity: Identity) -> ColumnElement[bool]:
    """The subscriptions a caller manages: a partner its own organisation's; integrators and staff all."""
    if identity.rol == "partner":
        return and_(Abonnement.rol == "partner", Abonnement.organisatie == identity.organisatie)
    return true()


async def subscribe(
    session: AsyncSession, tenant: str, identity: Identity, data: schemas.AbonnementCreate, policy: CallbackPolicy
) -> Abonnement:
    try:
        await policy.resolve(str(data.callback_url))
    except CallbackRefused as exc:
        raise _invalid("callbackUrl", str(exc)) from None
    for i, kanaal in enumerate(data.kanalen):
        known = channels.KANALEN.get(kanaal.naam)
        if known is None:
            raise _invalid(f"kanalen[{i}].naam", f"no channel {kanaal.naam!r} (see GET /kanalen)")
        for key in kanaal.filters:
            if key not in known.filters:
                raise _invalid(f"kanalen[{i}].filters.{key}", f"{kanaal.naam} filters on {', '.join(known.filters)}")
    abonnement = Abonnement(
        tenant=tenant,
        callback_url=str(data.callback_url),
        auth=data.auth,
        geheim=secrets.token_urlsafe(32),
        kanalen=[k.model_dump() for k in data.kanalen],
        formaat=data.formaat,
        max_pogingen=data.max_pogingen,
        client=identity.client,
        rol=identity.rol,
        organisatie=identity.organisatie,
    )
    session.add(abonnement)
    await session.flush()
    return abonnement


async def list_abonnementen(session: AsyncSession, tenant: str, identity: Identity) -> list[Abonnement]:
    query = select(Abonnement).where(Abonnement.tenant == tenant, own(identity)).order_by(Abonnement.aangemaakt_op)
    return list(await session.scalars(query))


async def get_abonnement(
    session: AsyncSession, tenant: str, abonnement_id: uuid.UUID, identity: Identity
) -> Abonnement:
    """One subscription the caller manages (another partner's does not exist for it: 404)."""
    found = await session.scalar(
        select(Abonnement).where(Abonnement.tenant == tenant, Abonnement.id == abonnement_id, own(identity))
    )
    if found is None:
        raise NotFound(f"There is no subscription {abonnement_id} in {tenant}.")
    return found


async def deliveries(
    session: AsyncSession, tenant: str, abonnement_id: uuid.UUID, status: str | None, identity: Identity
) -> list[schemas.AfleveringRead]:
    await get_abonnement(session, tenant, abonnement_id, identity)
    query = select(Aflevering).where(Aflevering.abonnement_id == abonnement_id)
    if status:
        query = query.where(Aflevering.status == status)
    rows = list(await session.scalars(query.order_by(Aflevering.aangemaakt_op, Aflevering.id)))
    logs: dict[uuid.UUID, list[Poging]] = {r.id: [] for r in rows}
    for poging in await session.scalars(select(Poging).where(Poging.aflevering_id.in_(logs)).order_by(Poging.id)):
        logs[poging.aflevering_id].append(poging)
    return [
        schemas.AfleveringRead.model_validate(r).model_copy(
            update={"log": [schemas.PogingRead.model_validate(p) for p in logs[r.id]]}
        )
        for r in rows
    ]


async def replay(session: AsyncSession, tenant: str, abonnement_id: uuid.UUID, identity: Identity) -> int:
    await get_abonnement(session, tenant, abonnement_id, identity)
    result = await session.execute(
        update(Aflevering)
        .where(Aflevering.abonnement_id == abonnement_id, Aflevering.status == "geparkeerd")
        .values(status="wachtend", pogingen=0, volgende_poging_op=datetime.now(UTC))
    )
    return affected(result)


async def queue_test(
    session: AsyncSession, tenant: str, abonnement_id: uuid.UUID, identity: Identity, base_url: str
) -> Aflevering:
    """A test delivery: a message of kind `test` about the subscription itself, queued like any other, so that a
    receiver sees the headers, the signature and the retries before the first real event."""
    abonnement = await get_abonnement(session, tenant, abonnement_id, identity)
    url = f"{base_url.rstrip('/')}/api/v1/notificaties/abonnementen/{abonnement.id}"
    now = datetime.now(UTC)
    event_id = uuid.uuid4()
    bericht = (
        {
            "specversion": "1.0",
            "type": "nl.stuurcyclus.notificaties.abonnement.test.v1",
            "source": "urn:nld:stuurcyclus:notificaties",
            "id": str(event_id),
            "time": now.isoformat(),
            "subject": str(abonnement.id),
            "datacontenttype": "application/json",
            "data": {"abonnementId": str(abonnement.id)},
        }
        if abonnement.formaat == "cloudevents"
        else {
            "kanaal": "test",
            "hoofdObject": url,
            "resource": "abonnement",
            "resourceUrl": url,
            "actie": "test",
            "aanmaakdatum": now.isoformat(),
            "kenmerken": {},
        }
    )
    aflevering = Aflevering(
        id=uuid.uuid4(),
        tenant=tenant,
        abonnement_id=abonnement.id,
        event_id=event_id,
        kanaal="test",
        bericht=bericht,
        status="wachtend",
        pogingen=0,
    )
    session.add(aflevering)
    await session.flush()
    return aflevering


#: Whether a municipality has a subscription to a channel (its filters aside): what `queue` starts from.
_SUBSCRIBED = Prepared(
    select(
        exists().where(
            Abonnement.tenant == bindparam("tenant"),
            Abonnement.kanalen.contains(
                func.jsonb_build_array(func.jsonb_build_object("naam", bindparam("kanaal", type_=String())))
            ),
        )
    )
)


async def may_be_owed(database: Database, envelope: EventEnvelope) -> bool:
    """Whether `queue` may owe this event anything: its channel is one, and a subscription of its municipality
    names it (filters and what a partner may see are `queue`'s to decide)."""
    kanaal = channels.kanaal_of(envelope)
    if kanaal is None:
        return False
    rows = await database.fetch_on_engine(_SUBSCRIBED, tenant=envelope.tenant, kanaal=kanaal.naam)
    return bool(rows[0][0])


async def queue(session: AsyncSession, envelope: EventEnvelope, base_url: str) -> int:
    """Owe this event to every matching subscription of its municipality (once per subscription)."""
    kanaal = channels.kanaal_of(envelope)
    if kanaal is None:
        return 0
    bodies: dict[tuple[str, bool], dict] = {}  # per format and view: made once, when first needed
    owed = 0
    for abonnement in await session.scalars(select(Abonnement).where(Abonnement.tenant == envelope.tenant)):
        identity = subscriber(abonnement)
        if not may_see(envelope, identity):  # the live stream's rule: a partner its own events and the public ones
            continue
        shown = shown_to(envelope, identity)  # without the fields kept for the municipality's staff
        found = channels.kenmerken(kanaal, shown)
        if not any(
            k["naam"] == kanaal.naam and channels.matches(k.get("filters", {}), found) for k in abonnement.kanalen
        ):
            continue
        view = (abonnement.formaat, shown is envelope)
        if view not in bodies:
            bodies[view] = (
                shown.model_dump(mode="json")
                if abonnement.formaat == "cloudevents"
                else channels.bericht(kanaal, shown, found, base_url)
            )
        body = bodies[view]
        result = await session.execute(
            insert(Aflevering)
            .values(
                id=uuid.uuid4(),
                tenant=envelope.tenant,
                abonnement_id=abonnement.id,
                event_id=envelope.id,
                kanaal=kanaal.naam,
                bericht=body,
                status="wachtend",
                pogingen=0,
            )
            .on_conflict_do_nothing()
        )
        owed += affected(result)
    return owed


async def post_checked(
    client: httpx.AsyncClient,
    policy: CallbackPolicy,
    url: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    resolver: Resolver | None = None,
) -> httpx.Response:
    """POST to a callback, checked again now: its name resolved and every address allowed, and the request sent to
    the address that was checked (Host header and TLS name stay the URL's). CallbackRefused when it may not go."""
    host, _, addresses = await policy.resolve(url, resolver)
    return await client.post(
        pinned_url(url, addresses[0]),
        content=body,
        headers=headers | {"Host": urlsplit(url).netloc},
        timeout=timeout,
        extensions={"sni_hostname": host},
    )


def signature(geheim: str, body: bytes) -> str:
    return "sha256=" + hmac.new(geheim.encode(), body, hashlib.sha256).hexdigest()


async def deliver_due(
    database: Database, client: httpx.AsyncClient, settings: NotificatieSettings, limit: int = 20
) -> int:
    """Claim and deliver the deliveries that are due; returns how many were attempted."""
    lease = timedelta(seconds=settings.delivery_timeout * 3)
    async with database.session_scope() as session:
        due = list(
            (
                await session.execute(
                    select(Aflevering, Abonnement)
                    .join(Abonnement, Abonnement.id == Aflevering.abonnement_id)
                    .where(Aflevering.status == "wachtend", Aflevering.volgende_poging_op <= datetime.now(UTC))
                    .order_by(Aflevering.volgende_poging_op, Aflevering.aangemaakt_op)
                    .limit(limit)
                    .with_for_update(of=Aflevering, skip_locked=True)
                )
            ).all()
        )
        for aflevering, _ in due:  # leased: another worker leaves them alone until the lease ends
            aflevering.volgende_poging_op = datetime.now(UTC) + lease
        claimed = [(a.id, a.event_id, a.pogingen, a.bericht, a.kanaal, b) for a, b in due]
    await asyncio.gather(*(_attempt(database, client, settings, *item) for item in claimed))
    return len(claimed)


async def _attempt(
    database: Database,
    client: httpx.AsyncClient,
    settings: NotificatieSettings,
    aflevering_id: uuid.UUID,
    event_id: uuid.UUID,
    pogingen: int,
    bericht: dict,
    kanaal: str,
    abonnement: Abonnement,
) -> None:
    body = json.dumps(bericht, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/cloudevents+json" if abonnement.formaat == "cloudevents" else "application/json",
        "Authorization": abonnement.auth,
        SIGNATURE_HEADER: signature(abonnement.geheim, body),
        "Idempotency-Key": str(event_id),
        "X-Stuurcyclus-Aflevering": str(aflevering_id),
        "X-Stuurcyclus-Poging": str(pogingen + 1),
    }
    if isinstance(bericht.get("traceparent"), str):  # a CloudEvents message carries its trace: so does the request
        headers["traceparent"] = bericht["traceparent"]
    started = time.perf_counter()
    status_code, fout = None, None  # the delivery log says what went wrong in the platform's words, never echoes
    try:
        response = await post_checked(
            client, settings.callback_policy(), abonnement.callback_url, body, headers, settings.delivery_timeout
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:  # the status only: the receiver's body is no business of the log's readers
            fout = f"HTTP {status_code} {HTTPStatus(status_code).phrase if status_code in _PHRASES else ''}".strip()
    except CallbackRefused as exc:
        fout = f"refused: the callback URL {exc}"[:500]
    except httpx.HTTPError as exc:  # the kind of failure, not the text of another system's answer
        kind = type(exc).__name__
        fout = f"{kind}: {_DELIVERY_FAILURES.get(kind, 'the receiver could not be reached')}"
    duur = int((time.perf_counter() - started) * 1000)
    async with database.session_scope() as session:
        aflevering = await session.get(Aflevering, aflevering_id, with_for_update=True)
        if aflevering is None or aflevering.status != "wachtend":
            return
        aflevering.pogingen += 1
        session.add(
            Poging(
                aflevering_id=aflevering_id,
                nummer=aflevering.pogingen,
                status_code=status_code,
                fout=fout,
                duur_ms=duur,
            )
        )
        if fout is None:
            aflevering.status, aflevering.afgeleverd_op, aflevering.laatste_fout = "afgeleverd", datetime.now(UTC), None
            return
        aflevering.laatste_fout = fout
        limit = abonnement.max_pogingen or settings.delivery_max_attempts
        if aflevering.pogingen >= limit:
            aflevering.status = "geparkeerd"
            alert = AfleveringGeparkeerd(
                afleveringId=aflevering.id,
                abonnementId=abonnement.id,
                callbackUrl=abonnement.callback_url,
                kanaal=kanaal,
                eventId=event_id,
                pogingen=aflevering.pogingen,
                laatsteFout=fout,
            )
            await record_event(session, EVENTS, alert, tenant=aflevering.tenant, subject=str(aflevering.id))
            log.error("notificatie_geparkeerd", aflevering=str(aflevering.id), abonnement=str(abonnement.id), fout=fout)
            return
        backoff = settings.delivery_backoff_seconds
        wait = backoff[min(aflevering.pogingen - 1, len(backoff) - 1)]
        aflevering.volgende_poging_op = datetime.now(UTC) + timedelta(seconds=wait)


async def delivery_loop(database: Database, stop: asyncio.Event, settings: NotificatieSettings | None = None) -> None:
    """The worker's delivery loop: deliver what is due, sleep a little when nothing is."""
    from .settings import get_settings

    settings = settings or get_settings()
    async with httpx.AsyncClient(follow_redirects=False) as client:
        while not stop.is_set():
            try:
                attempted = await deliver_due(database, client, settings)
            except Exception as exc:  # the database may be briefly away: try again, never stop delivering
                log.warning("delivery_loop_error", error=str(exc) or repr(exc))
                attempted = 0
            if not attempted:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), settings.delivery_poll_interval)
