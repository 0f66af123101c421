"""Bulk ingest's one pass (checks and merge in one statement straight from the staging table) answers every batch as
the thorough way does (each row checked into a table of its own, every bad row named): the same counts, the same
refusal naming the same rows, the same measurements written — over every check, every kind of period and area, the
missing values, corrections, provisional figures and the same key twice in all its forms. Each batch runs both ways
on the same data inside a transaction that is rolled back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from indicatoren.definities import schemas, service
from indicatoren.metingen import ingest
from indicatoren.settings import IndicatorenSettings
from sqlalchemy import text
from stuurcyclus_common.db import Database
from stuurcyclus_common.errors import Unprocessable

from .support import RunningPlatform, unique_tenant

BASE = "indicator;periode;gebied;waarde\nK1;2023;{gm};10\nK1;2023;BU{z}0101;4,5\nK2;2023Q1;WK{z}01;7"

#: Batches (CSV unless NDJSON) against a municipality holding BASE; {gm} is its code, {z} its four digits.
CSV_BATCHES = {
    "every kind of period and area, decimal commas": (
        "indicator;periode;gebied;waarde\nK1;2024;{gm};1\nK1;2024S2;WK{z}01;2,5\nK2;2024Q3;BU{z}0101;-3\n"
        "K2;202412;BU{z}0102;0,000001\n K1 ; 2025 ; {gm} ; 99999999999999 "
    ),
    "the base again: nothing new": BASE,
    "corrections beside unchanged and new values": (
        "indicator;periode;gebied;waarde\nK1;2023;{gm};11\nK1;2023;BU{z}0101;4,5\nK2;2023Q1;WK{z}01;7,0\nK2;2023;{gm};1"
    ),
    "explicit missing values": "indicator;periode;gebied;waarde\nK1;2026;{gm};NA\nK1;2027;{gm};.\nK2;2026;{gm};N/A",
    "numbers in every form": (
        "indicator,periode,gebied,waarde\nK1,2030,{gm},+3\nK1,2031,{gm},-.5\nK1,2032,{gm},5.\nK1,2033,{gm},1e5\n"
        "K1,2034,{gm},12.25\nK1,2035,{gm},0"
    ),
    "an empty batch": "indicator;periode;gebied;waarde\n",
    "unknown indicator": "indicator;periode;gebied;waarde\nK1;2024;{gm};1\nK9;2024;{gm};1",
    "periods that cannot be": (
        "indicator;periode;gebied;waarde\nK1;2024H1;{gm};1\nK1;2024Q5;{gm};1\nK1;202413;{gm};1\nK1;1850;{gm};1\n"
        "K1;2101;{gm};1\nK1;24;{gm};1\nK1;２０２４;{gm};1\nK1;;{gm};1"
    ),
    "areas that are no code or another municipality's": (
        "indicator;periode;gebied;waarde\nK1;2024;GM0363;1\nK1;2024;WK036301;1\nK1;2024;BU{z}01;1\nK1;2024;gm{z};1\n"
        "K1;2024;WK{z}0１;1\nK1;2024;BU{z}010A;1\nK1;2024;;1\nK1;2024;XX;1"
    ),
    "values that are no number": (
        "indicator;periode;gebied;waarde\nK1;2024;{gm};veel\nK1;2025;{gm};1.2.3\nK1;2026;{gm};\nK1;2027;{gm};NaN\n"
        "K1;2028;{gm};100000000000000\nK1;2029;{gm};.\nK1;2030;{gm};1-2\nK1;2031;{gm};1e1234"
    ),
    "the same new key twice": "indicator;periode;gebied;waarde\nK1;2040;{gm};1\nK1;2041;{gm};2\nK1;2040;{gm};3",
    "the same key twice with the same value": "indicator;periode;gebied;waarde\nK1;2040;{gm};1\nK1;2040;{gm};1",
    "an existing key twice, once unchanged": "indicator;periode;gebied;waarde\nK1;2023;{gm};10\nK1;2023;{gm};12",
    "an existing key twice, both unchanged": "indicator;periode;gebied;waarde\nK1;2023;{gm};10\nK1;2023;{gm};10",
    "an existing key twice, both changed": "indicator;periode;gebied;waarde\nK1;2023;{gm};11\nK1;2023;{gm};12",
    "a key twice with one missing value": "indicator;periode;gebied;waarde\nK1;2040;{gm};1\nK1;2040;{gm};NA",
    "a line the csv module cannot read": 'indicator;periode;gebied;waarde\nK1;2024;{gm};1\nK1;"2024;{gm};1',
    "an area outside the register's years": "indicator;periode;gebied;waarde\nK1;2024;BU{z}0199;1\nK1;2010;BU{z}0199;1",
}
NDJSON_BATCHES = {
    "provenance per row": (
        '{{"indicator": "K1", "periode": "2024", "gebied": "{gm}", "waarde": 1, "herkomst": "cbs"}}\n'
        '{{"indicator": "K2", "periode": "2024", "gebied": "{gm}", "waarde": 2, "leverancier": "Travers"}}'
    ),
    "unknown provenance": '{{"indicator": "K1", "periode": "2024", "gebied": "{gm}", "waarde": 1, "herkomst": "x"}}',
}


@pytest.fixture
async def database(platform: RunningPlatform) -> AsyncIterator[Database]:
    db = Database(IndicatorenSettings(service="indicatoren", database_url=platform.database_url), pool_size=2)
    yield db
    await db.dispose()


async def _municipality(database: Database) -> str:
    """A municipality with two indicators, a register of areas from 2020 and the base measurements."""
    tenant = unique_tenant()
    z = tenant[2:]
    async with database.session_scope() as session:
        for code in ("K1", "K2"):
            await service.create_indicator(
                session, tenant, schemas.IndicatorCreate(code=code, naam=code, dimensie="kwantiteit", richting="afname")
            )
        for code, soort, van in ((tenant, "gemeente", 2020), (f"WK{z}01", "wijk", 2020), (f"BU{z}0101", "buurt", 2020),
                                 (f"BU{z}0102", "buurt", 2020)):  # fmt: skip
            await session.execute(
                text("INSERT INTO indicatoren.gebied (tenant, code, geldig_van, soort) VALUES (:t, :c, :v, :s)"),
                {"t": tenant, "c": code, "v": van, "s": soort},
            )
        await ingest.ingest_lines(session, tenant, _lines(BASE.format(gm=tenant, z=z)), "csv")
    return tenant


async def _lines(body: str) -> AsyncIterator[str]:
    for line in body.split("\n"):
        yield line


async def _run(database: Database, tenant: str, body: str, fmt: str, *, one_pass: bool) -> dict[str, Any]:
    """One way's answer and the measurements it leaves, rolled back afterwards."""
    ingest.ONE_PASS = one_pass
    try:
        async with database.sessionmaker() as session:
            try:
                try:
                    result: Any = (await ingest.ingest_lines(session, tenant, _lines(body), fmt)).model_dump()
                except Unprocessable as refused:
                    result = [(p.name, p.reason) for p in refused.invalid_params or []]
                rows = (
                    await session.execute(
                        text(
                            "SELECT i.code, m.periode, m.periode_soort, m.periode_start, m.gebied, m.waarde,"
                            " m.herkomst, m.leverancier, m.versie, m.actueel, m.voorlopig FROM indicatoren.meting m"
                            " JOIN indicatoren.indicator i ON i.id = m.indicator_id WHERE m.tenant = :t"
                            " ORDER BY 1, 2, 5, 9"
                        ),
                        {"t": tenant},
                    )
                ).all()
                thorough = await session.scalar(text("SELECT to_regclass('pg_temp.meting_gecontroleerd') IS NOT NULL"))
                return {"result": result, "rows": [tuple(r) for r in rows], "thorough": thorough}
            finally:
                await session.rollback()
    finally:
        ingest.ONE_PASS = True


@pytest.mark.parametrize(("name", "fmt"), [(n, "csv") for n in CSV_BATCHES] + [(n, "ndjson") for n in NDJSON_BATCHES])
async def test_one_pass_answers_as_the_thorough_way(database: Database, name: str, fmt: str) -> None:
    tenant = await _municipality(database)
    body = (CSV_BATCHES | NDJSON_BATCHES)[name].format(gm=tenant, z=tenant[2:])
    one_pass = await _run(database, tenant, body, fmt, one_pass=True)
    thorough = await _run(database, tenant, body, fmt, one_pass=False)
    assert thorough["thorough"], "the thorough way checks into its own table"
    assert (one_pass["result"], one_pass["rows"]) == (thorough["result"], thorough["rows"])
    refused = isinstance(thorough["result"], list)
    # A batch without a bad row or a repeated key is written by the one pass itself; any other goes the thorough way.
    assert one_pass["thorough"] == refused, one_pass["result"]


async def test_provisional_figures_turn_definitive_the_same_both_ways(database: Database) -> None:
    tenant = await _municipality(database)
    values = [(1, "K1", "2024", tenant, "5", True), (2, "K2", "2024", tenant, "6", False)]
    async with database.session_scope() as session:
        await ingest.record_values(session, tenant, values, herkomst="cbs", leverancier="CBS")
    definitive = [(1, "K1", "2024", tenant, "5", False), (2, "K2", "2024", tenant, "6", False)]
    answers = []
    for one_pass in (True, False):
        ingest.ONE_PASS = one_pass
        try:
            async with database.sessionmaker() as session:
                result = await ingest.record_values(session, tenant, definitive, herkomst="cbs", leverancier="CBS")
                rows = (
                    await session.execute(
                        text(
                            "SELECT versie, actueel, voorlopig FROM indicatoren.meting"
                            " WHERE tenant = :t AND periode = '2024' ORDER BY 1, 2"
                        ),
                        {"t": tenant},
                    )
                ).all()
                answers.append((result.model_dump(), [tuple(r) for r in rows]))
                await session.rollback()
        finally:
            ingest.ONE_PASS = True
    assert answers[0] == answers[1]
    assert answers[0][0]["gecorrigeerd"] == 1 and answers[0][0]["ongewijzigd"] == 1
    assert answers[0][1] == [(1, False, True), (1, True, False), (2, True, False)]
