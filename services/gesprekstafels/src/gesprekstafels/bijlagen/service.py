"""Attachments: added by the partner to its application (before the decision) or its accountability report (until it
is assessed), and by the municipality's staff to a decision; seen by whoever sees the application; the content's type
read from its bytes, its size bounded, its SHA-256 kept; each addition and removal in the audit trail
(`/bijlagen/{id}/audittrail`), the bytes kept apart from the description."""

from __future__ import annotations

import hashlib
import re
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stuurcyclus_common.errors import Conflict, InvalidParam, ProblemError
from stuurcyclus_common.identity import Caller
from stuurcyclus_common.versioning import get_or_raise

from ..aanvragen.service import get_aanvraag, who
from ..aanvragen.statuses import CHANGEABLE as APPLICATION_CHANGEABLE
from ..models import Aanvraag, Besluit, Bijlage, BijlageInhoud, Verantwoording
from ..settings import get_settings
from ..shared.rules import unprocessable
from ..verantwoording.statuses import CHANGEABLE as REPORT_CHANGEABLE
from .types import mediatype_of

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


def _name(bestandsnaam: str) -> str:
    """The file's own name, without a path or control characters (it only labels the download)."""
    name = _UNSAFE.sub("_", bestandsnaam.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .") or "bijlage"
    return name[:200]


def _checked(content: bytes) -> str:
    limit = get_settings().bijlage_max_bytes
    if not content:
        raise unprocessable("body", "the document is empty", "leeg")
    if len(content) > limit:
        raise ProblemError(
            f"The document is {len(content)} bytes; an attachment is at most {limit} bytes.",
            status=413,
            title="Content too large",
            code="te_groot",
            invalid_params=[InvalidParam(name="body", code="te_groot", reason=f"at most {limit} bytes")],
        )
    mediatype, found = mediatype_of(content)
    if mediatype is None:
        raise ProblemError(
            f"An attachment is a PDF, an OpenDocument or Office Open XML file, or CSV; this content is {found}.",
            status=415,
            title="Unsupported media type",
            code="type_niet_toegestaan",
            invalid_params=[InvalidParam(name="body", code="type_niet_toegestaan", reason=f"the content is {found}")],
        )
    return mediatype


async def _may_attach(session: AsyncSession, aanvraag: Aanvraag, onderwerp: str, besluit_id: uuid.UUID | None) -> None:
    """Whether the thing still takes documents: an application until it is decided, a report until it is assessed."""
    if onderwerp == "aanvraag" and aanvraag.status not in APPLICATION_CHANGEABLE:
        raise Conflict(
            f"The application is {aanvraag.status}: documents are added while it is a draft or submitted.",
            code="ongeldige_overgang",
        )
    if onderwerp == "verantwoording":
        if aanvraag.status not in ("toegekend", "vastgesteld"):
            raise Conflict("There is no grant to account for.", code="geen_toekenning")
        report = await session.scalar(select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id))
        if report is not None and report.status not in REPORT_CHANGEABLE:
            raise Conflict(
                f"The accountability report is {report.status}: it takes no documents now.", code="ongeldige_overgang"
            )
    if onderwerp == "besluit":
        besluit = await session.scalar(
            select(Besluit.id).where(Besluit.id == besluit_id, Besluit.aanvraag_id == aanvraag.id)
        )
        if besluit is None:
            raise unprocessable("besluitId", "not a decision on this application", "onbekend")


async def add(
    session: AsyncSession,
    tenant: str,
    caller: Caller,
    *,
    aanvraag_id: uuid.UUID,
    onderwerp: str,
    content: bytes,
    bestandsnaam: str,
    soort: str | None,
    besluit_id: uuid.UUID | None = None,
) -> Bijlage:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id, lock=True)
    mediatype = _checked(content)
    await _may_attach(session, aanvraag, onderwerp, besluit_id)
    bijlage = Bijlage(
        tenant=tenant,
        aanvraag_id=aanvraag.id,
        onderwerp=onderwerp,
        besluit_id=besluit_id,
        partner=aanvraag.partner,
        soort=soort,
        bestandsnaam=_name(bestandsnaam),
        mediatype=mediatype,
        grootte=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        door=who(caller),
    )
    session.add(bijlage)
    await session.flush()
    session.add(BijlageInhoud(tenant=tenant, bijlage_id=bijlage.id, inhoud=content))
    await session.flush()
    return bijlage


async def list_for(session: AsyncSession, tenant: str, caller: Caller, aanvraag_id: uuid.UUID) -> list[Bijlage]:
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=aanvraag_id)
    return list(
        await session.scalars(
            select(Bijlage)
            .where(Bijlage.tenant == tenant, Bijlage.aanvraag_id == aanvraag.id)
            .order_by(Bijlage.toegevoegd_op, Bijlage.id)
        )
    )


async def get(session: AsyncSession, tenant: str, caller: Caller, bijlage_id: uuid.UUID) -> Bijlage:
    bijlage = await get_or_raise(session, Bijlage, tenant, bijlage_id)
    caller.require_own(bijlage.partner, "attachment")
    return bijlage


async def content_of(session: AsyncSession, bijlage: Bijlage) -> bytes:
    inhoud = await session.get(BijlageInhoud, bijlage.id)
    return inhoud.inhoud if inhoud is not None else b""


async def remove(session: AsyncSession, tenant: str, caller: Caller, bijlage_id: uuid.UUID) -> None:
    """Taken off by whoever may still add to its thing (a partner's own, while the thing takes documents)."""
    bijlage = await get(session, tenant, caller, bijlage_id)
    if bijlage.onderwerp == "besluit" and caller.is_partner:
        raise Conflict("A decision's documents are the municipality's.", code="niet_eigen_organisatie")
    aanvraag = await get_aanvraag(session, tenant, caller, aanvraag_id=bijlage.aanvraag_id, lock=True)
    await _may_attach(session, aanvraag, bijlage.onderwerp, bijlage.besluit_id)
    await session.delete(bijlage)
    await session.flush()
