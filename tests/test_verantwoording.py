"""A partner's data at the seams (issue 27, items 1-3): checked where it enters, a refusal downstream never silent, and
a way to correct — over the real platform, through the gateway, as the partner and the municipality's staff.

- Every contract that carries an area, a period or an indicator into indicatoren has a producer that checks it with
  indicatoren's own rule (`stuurcyclus_common.indicatorwaarden`); a matrix of mistakes is refused by the producer
  (naming the field, nothing written) exactly where indicatoren's own API refuses it.
- What only indicatoren can know (an area missing from its register of that year) is answered with
  `indicatoren.verantwoording.geweigerd`: the report shows it, the partner's live stream carries it, staff list it.
- Reports are replaced (versions, history, measurements corrected downstream), returned for revision with a reason and
  a new deadline, withdrawn and submitted anew, assessed (then final); applications are changed after submission until
  staff review them, and returned for revision with a deadline of their own.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import httpx
from indicatoren.handlers import SUBSCRIPTIONS as INDICATOREN_SUBSCRIPTIONS
from pydantic import BaseModel
from stuurcyclus_common.contracts.gesprekstafels import VerantwoordingIngediend
from stuurcyclus_common.events import CATALOGUE

from .support import RunningPlatform, all_results, auth_headers, eventually, unique_tenant
from .test_betalingen import JAAR, SUBSIDIEJAAR, _applications, _client
from .test_gesprekstafels import _cycle_at_the_call, _indicators_known, _ok, _phase, _problem, _published

#: The fields whose rule indicatoren owns.
RULED = {"gebied", "periode", "indicator"}
#: Each contract that carries them into indicatoren, and the producer's writes that must check them at their edge.
EDGES = {VerantwoordingIngediend: ("POST", "PUT")}
CODE = "S1-deelname"


def _fields(model: type[BaseModel]) -> Iterator[str]:
    """Every field name of a model, nested lists and models included."""
    for name, field in model.model_fields.items():
        yield name
        for inner in (field.annotation, *getattr(field.annotation, "__args__", ())):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                yield from _fields(inner)


def test_every_contract_carrying_an_area_period_or_indicator_into_indicatoren_is_checked_at_its_edge() -> None:
    inbound = {
        CATALOGUE[event_type]
        for subscription in INDICATOREN_SUBSCRIPTIONS
        for event_type in subscription.handlers
        if event_type in CATALOGUE
        and CATALOGUE[event_type].event_name.service != "indicatoren"
        and RULED & set(_fields(CATALOGUE[event_type]))
    }
    assert inbound == set(EDGES), (
        "a contract carries areas, periods or indicators into indicatoren: check them at its producer's edge with "
        "stuurcyclus_common.indicatorwaarden and add it to EDGES (and to the matrix below)"
    )


def _value(z: str, **change: str) -> dict[str, str]:
    return {"indicator": CODE, "periode": str(SUBSIDIEJAAR), "gebied": f"GM{z}", "waarde": "12"} | change


def _mistakes(z: str) -> list[tuple[str, list[dict[str, str]], str]]:
    """(what, the report's values, the field named): each refused by indicatoren's own rules."""
    return [
        ("another municipality", [_value(z), _value(z, gebied="GM0363")], "indicatorwaarden[1].gebied"),
        ("another municipality's wijk", [_value(z), _value(z, gebied="WK036301")], "indicatorwaarden[1].gebied"),
        ("another municipality's buurt", [_value(z), _value(z, gebied="BU03630000")], "indicatorwaarden[1].gebied"),
        ("not an area code", [_value(z), _value(z, gebied="Zwolle-Zuid")], "indicatorwaarden[1].gebied"),
        ("a period CBS does not write", [_value(z), _value(z, periode=f"{SUBSIDIEJAAR}H1")], "indicatorwaarden[1]"),
        ("a year out of range", [_value(z), _value(z, periode="1850")], "indicatorwaarden[1].periode"),
        ("not a number", [_value(z), _value(z, waarde="veel")], "indicatorwaarden[1]"),
        ("too large", [_value(z), _value(z, waarde="123456789012345")], "indicatorwaarden[1]"),
        ("the same value twice", [_value(z), _value(z)], "indicatorwaarden[1].gebied"),
        ("an unknown indicator", [_value(z), _value(z, indicator="GEEN-INDICATOR")], "indicatorwaarden[1].indicator"),
    ]


async def _granted(platform: RunningPlatform, tenant: str, api: httpx.AsyncClient, partners: list[str]) -> dict:
    """One granted application per partner, committed to the indicator CODE."""
    _ok(await api.post("/indicatoren/indicatoren", json={"code": CODE, "naam": "Deelname", "richting": "toename"}), 201)
    await _indicators_known(api, CODE)
    apps = await _applications(platform, api, tenant, dict.fromkeys(partners, 1_000_000), {}, indicatoren=[CODE])
    for aanvraag in apps.values():
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json={}), 201)
    return apps


def _report(values: list[dict[str, str]]) -> dict:
    return {
        "activiteiten": [{"omschrijving": "Inloop", "aantal": 12}],
        "besteedCent": 900_000,
        "indicatorwaarden": values,
    }


def _named(response: httpx.Response, prefix: str) -> list[str]:
    assert response.status_code in (400, 422), response.text
    names = [p["name"] for p in response.json().get("invalidParams") or []]
    plain = prefix.replace("[", ".").replace("]", "")  # request validation writes `a.1.b`, rules `a[1].b`
    assert any(n.replace("[", ".").replace("]", "").startswith(plain) for n in names), (prefix, response.text)
    return names


async def test_mistakes_are_refused_where_they_enter_as_indicatoren_would(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, tenant, "partner", "Buurtwerk")) as partner,
    ):
        aanvraag = (await _granted(platform, tenant, api, ["Buurtwerk"]))["Buurtwerk"]
        url = f"/gesprekstafels/aanvragen/{aanvraag['id']}/verantwoording"
        for what, values, field in _mistakes(z):
            refused = await partner.post(url, json=_report(values))
            _named(refused, field)
            _problem(await partner.get(url), 404)  # nothing was written
            # indicatoren's own API refuses the same values (the consumer's rule, as an upload meets it).
            own = await api.post("/indicatoren/metingen", json=values)
            assert own.status_code in (400, 422), (what, own.text)

        # A valid report goes through; afterwards a mistake still shows its real errors, not "already exists".
        first = _ok(await partner.post(url, json=_report([_value(z)])), 201)
        assert (first["versie"], first["status"], first["metingen"]) == (1, "ingediend", "in_behandeling")
        _named(await partner.post(url, json=_report([_value(z, gebied="GM0363")])), "indicatorwaarden[0].gebied")
        _problem(await partner.post(url, json=_report([_value(z)])), 409, "bestaat_al")

        async def recorded() -> dict | None:
            body = _ok(await partner.get(url))
            return body if body["metingen"] == "vastgelegd" else None

        assert (await eventually(recorded, timeout=20))["weigeringen"] == []


async def _stream(platform: RunningPlatform, headers: dict, seen: list[dict], connected: asyncio.Event) -> None:
    async with (
        httpx.AsyncClient(base_url=platform.gateway, timeout=60) as client,
        client.stream("GET", "/api/v1/notificaties/stroom", headers=headers) as response,
    ):
        assert response.status_code == 200
        async for line in response.aiter_lines():
            if line.startswith(": verbonden"):
                connected.set()
            elif line.startswith("data: "):
                seen.append(json.loads(line[6:]))


async def test_a_refusal_downstream_reaches_the_partner_and_the_report_is_corrected(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    z = tenant[2:]
    buurtwerk_headers = auth_headers(platform, tenant, "partner", "Buurtwerk")
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, buurtwerk_headers) as partner,
        _client(platform, auth_headers(platform, tenant, "partner", "Sportkring")) as other,
    ):
        apps = await _granted(platform, tenant, api, ["Buurtwerk", "Sportkring"])
        # indicatoren's register of areas: from 2020, three areas; buurt 99 is not one of them.
        register = f'"Codering";"SoortRegio";"Naam"\n"GM{z}";"Gemeente";"Stad"\n"WK{z}01";"Wijk";"Centrum"\n'
        register += f'"BU{z}0101";"Buurt";"Binnenstad"\n'
        loaded = await api.post(
            "/indicatoren/gebieden", params={"jaar": 2020}, content=register, headers={"Content-Type": "text/csv"}
        )
        _ok(loaded)
        seen: list[dict] = []
        connected = asyncio.Event()
        reader = asyncio.create_task(_stream(platform, buurtwerk_headers, seen, connected))
        try:
            await asyncio.wait_for(connected.wait(), 20)
            url = f"/gesprekstafels/aanvragen/{apps['Buurtwerk']['id']}/verantwoording"
            sent = _ok(await partner.post(url, json=_report([_value(z, gebied=f"BU{z}0199")])), 201)
            assert sent["metingen"] == "in_behandeling"

            async def answered() -> dict | None:
                body = _ok(await partner.get(url))
                return body if body["metingen"] != "in_behandeling" else None

            refused = await eventually(answered, timeout=30)
            assert refused["metingen"] == "geweigerd", refused
            [weigering] = refused["weigeringen"]
            assert weigering["veld"] == "indicatorwaarden[0].gebied" and "register" in weigering["reden"]

            async def on_the_stream() -> dict | None:
                return next((e for e in seen if ".indicatoren.verantwoording.geweigerd." in e["type"]), None)

            event = await eventually(on_the_stream, timeout=20)
            assert event["data"]["verantwoordingId"] == sent["id"] and event["data"]["versie"] == 1
        finally:
            reader.cancel()
        # Staff have the list of refused reports; another partner sees none of it.
        listed = await all_results(api, "/gesprekstafels/verantwoordingen", metingen="geweigerd")
        assert [r["id"] for r in listed] == [sent["id"]]
        assert await all_results(other, "/gesprekstafels/verantwoordingen") == []
        _problem(await other.put(url, json=_report([_value(z)]), headers={"If-Match": '"1"'}), 403)

        # Corrected: a new version; the values become measurements.
        fixed = await partner.put(url, json=_report([_value(z, gebied=f"BU{z}0101")]), headers={"If-Match": '"1"'})
        assert _ok(fixed)["versie"] == 2 and fixed.headers["ETag"] == '"2"'
        assert (await eventually(answered, timeout=30))["metingen"] == "vastgelegd"
        _problem(await partner.put(url, json=_report([_value(z)]), headers={"If-Match": '"1"'}), 412)
        corrected = _ok(await partner.put(url, json=_report([_value(z, gebied=f"BU{z}0101", waarde="14,5")])))
        assert corrected["versie"] == 3

        async def two_versions() -> list | None:
            rows = await all_results(api, f"/indicatoren/indicatoren/{CODE}/metingen", alleVersies=True)
            rows = [r for r in rows if r["gebied"] == f"BU{z}0101"]
            return rows if len(rows) == 2 else None

        versions = sorted(await eventually(two_versions, timeout=30), key=lambda r: r["versie"])
        assert [(Decimal(str(r["waarde"])), r["versie"], r["leverancier"]) for r in versions] == [
            (Decimal(12), 1, "Buurtwerk"),
            (Decimal("14.5"), 2, "Buurtwerk"),
        ]

        # Returned for revision with a reason and a new deadline: open to the partner again, due on the new day.
        deadline = (date.today() + timedelta(days=30)).isoformat()
        _problem(await partner.post(f"{url}/terugsturing", json={"reden": "x"}), 403)
        returned = _ok(
            await api.post(
                f"{url}/terugsturing", json={"reden": "Licht de deelname per buurt toe.", "uiterlijk": deadline}
            )
        )
        assert (returned["status"], returned["uiterlijk"], returned["reden"]) == (
            "teruggestuurd",
            deadline,
            "Licht de deelname per buurt toe.",
        )
        due = [t for t in await all_results(partner, "/gesprekstafels/termijnen") if t["soort"] == "verantwoording"]
        assert [(t["verwijzing"], t["status"], t["uiterlijk"][:10]) for t in due] == [
            (apps["Buurtwerk"]["id"], "open", deadline)
        ]
        again = _ok(await partner.put(url, json=_report([_value(z, gebied=f"BU{z}0101", waarde="14,5")])))
        assert (again["status"], again["versie"]) == ("ingediend", 4)

        # Assessed: final.
        _problem(await partner.post(f"{url}/beoordeling", json={}), 403)
        assert _ok(await api.post(f"{url}/beoordeling", json={"reden": "Akkoord."}))["status"] == "beoordeeld"
        _problem(await partner.put(url, json=_report([_value(z)])), 409, "ongeldige_overgang")
        _problem(await partner.post(f"{url}/intrekking", json={}), 409, "ongeldige_overgang")
        history = await all_results(partner, f"{url}/historie")
        assert [(h["versie"], h["status"]) for h in history] == [
            (1, "ingediend"),
            (2, "ingediend"),
            (3, "ingediend"),
            (3, "teruggestuurd"),
            (4, "ingediend"),
            (4, "beoordeeld"),
        ]
        assert history[0]["inhoud"]["indicatorwaarden"][0]["gebied"] == f"BU{z}0199", "what version 1 said"

        # Withdrawn and submitted anew; a grant is not settled on a withdrawn report.
        other_url = f"/gesprekstafels/aanvragen/{apps['Sportkring']['id']}/verantwoording"
        _ok(await other.post(other_url, json=_report([])), 201)
        withdrawn = _ok(await other.post(f"{other_url}/intrekking", json={"reden": "Verkeerde bedragen."}))
        assert (withdrawn["status"], withdrawn["reden"]) == ("ingetrokken", "Verkeerde bedragen.")
        settle = f"/gesprekstafels/aanvragen/{apps['Sportkring']['id']}/vaststelling"
        _problem(await api.post(settle, json={}), 409, "geen_verantwoording")
        renewed = _ok(await other.post(other_url, json=_report([])), 201)
        assert (renewed["status"], renewed["versie"]) == ("ingediend", 2)
        _ok(await api.post(settle, json={}), 201)
        assert _ok(await other.get(other_url))["status"] == "beoordeeld", "settled on it: final"


async def open_call(api: httpx.AsyncClient, jaar: int) -> dict:
    """A municipality's first ambition and a published call of `jaar`, open for applications until 30 June."""
    ambitie = _ok(await api.post("/sporen/ambities", json={"nummer": 1, "naam": "Sociale contacten"}), 201)

    async def known() -> bool:
        return (await api.get("/gesprekstafels/ambities")).json()["count"] >= 1

    await eventually(known, timeout=20)
    await _cycle_at_the_call(api, jaar, ambitie["id"], ceiling=10_000_000)
    call = {"jaar": jaar, "ambitieId": ambitie["id"], "titel": "Uitvraag", "deadline": f"{jaar}-06-30"}
    uitvraag = _ok(await api.post("/gesprekstafels/uitvragen", json=call), 201)
    await eventually(lambda: _published(api, f"/gesprekstafels/uitvragen/{uitvraag['id']}/publicatie"), timeout=20)
    return uitvraag


async def test_an_application_is_changed_after_submission_and_returned_for_revision(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    jaar = JAAR + 2
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, tenant, "partner", "Taalhuis")) as partner,
    ):
        uitvraag = await open_call(api, jaar)
        body = {
            "uitvraagId": uitvraag["id"],
            "titel": "Taalcafé",
            "activiteiten": [{"omschrijving": "x"}],
            "bedragCent": 5,
        }
        ids = []
        for _ in range(2):
            aanvraag = _ok(await partner.post("/gesprekstafels/aanvragen", json=body), 201)
            _ok(await partner.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/indiening"))
            ids.append(aanvraag["id"])
        url = f"/gesprekstafels/aanvragen/{ids[0]}"

        # Submitted, not yet in review: the applicant replaces it (a new version, in its history).
        current = _ok(await partner.get(url))
        changed = _ok(await partner.patch(url, json={"bedragCent": 6}, headers={"If-Match": f'"{current["versie"]}"'}))
        assert (changed["status"], changed["bedragCent"]) == ("ingediend", 6)
        _ok(await api.post(f"{url}/behandeling"))
        _problem(await partner.patch(url, json={"bedragCent": 7}, headers={"If-Match": '"99"'}), 412)
        latest = _ok(await partner.get(url))["versie"]
        _problem(
            await partner.patch(url, json={"bedragCent": 7}, headers={"If-Match": f'"{latest}"'}), 409, "niet_concept"
        )

        # Returned for revision with a deadline of its own, which outlives the call.
        herstel = f"{jaar}-07-31"
        _problem(await partner.post(f"{url}/terugsturing", json={"reden": "x"}), 403)
        returned = _ok(
            await api.post(f"{url}/terugsturing", json={"reden": "Begroting ontbreekt.", "uiterlijk": herstel})
        )
        assert (returned["status"], returned["herstelUiterlijk"], returned["reden"]) == (
            "concept",
            herstel,
            "Begroting ontbreekt.",
        )
        await _phase(api, jaar, "uitvraag", "sluiting")
        _ok(await partner.patch(url, json={"bedragCent": 8}, headers={"If-Match": f'"{returned["versie"]}"'}))
        assert _ok(await partner.post(f"{url}/indiening"))["status"] == "ingediend"
        # The other one was not returned: after the call closed it cannot be changed.
        other = _ok(await partner.get(f"/gesprekstafels/aanvragen/{ids[1]}"))
        late = await partner.patch(
            f"/gesprekstafels/aanvragen/{ids[1]}", json={"bedragCent": 9}, headers={"If-Match": f'"{other["versie"]}"'}
        )
        _problem(late, 409, "te_laat")
        history = await all_results(partner, f"{url}/historie")
        assert [(h["van"], h["naar"]) for h in history] == [
            (None, "concept"),
            ("concept", "ingediend"),
            ("ingediend", "ingediend"),
            ("ingediend", "in-behandeling"),
            ("in-behandeling", "concept"),
            ("concept", "ingediend"),
        ]
        assert history[2]["reden"].startswith("gewijzigd") and history[4]["reden"] == "Begroting ontbreekt."


async def test_a_partners_deadlines_filtered_and_as_a_calendar(platform: RunningPlatform) -> None:
    """A partner's deadlines are its own and the public ones (the calls open to it, its applications and reports), not
    the municipality's internal phases; `jaar`, `soort` and `status` filter; the same as an RFC 5545 feed."""
    from icalendar import Calendar

    tenant = unique_tenant()
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, tenant, "partner", "Buurtwerk")) as partner,
    ):
        apps = await _granted(platform, tenant, api, ["Buurtwerk", "Sportkring"])
        staff_items = await all_results(api, "/gesprekstafels/termijnen")
        assert {t["soort"] for t in staff_items} == {"fase", "uitvraag", "verantwoording"}
        items = await all_results(partner, "/gesprekstafels/termijnen")
        assert {t["soort"] for t in items} == {"uitvraag", "verantwoording"}, "no internal phases"
        reports = [t for t in items if t["soort"] == "verantwoording"]
        assert [(t["verwijzing"], t["partner"]) for t in reports] == [(apps["Buurtwerk"]["id"], "Buurtwerk")]
        due_year = SUBSIDIEJAAR + 1  # the report is due on 30 April after the subsidy year
        assert await all_results(partner, "/gesprekstafels/termijnen", soort="verantwoording", jaar=due_year) == reports
        assert await all_results(partner, "/gesprekstafels/termijnen", soort="verantwoording", jaar=due_year + 1) == []
        assert all(
            t["soort"] == "uitvraag" for t in await all_results(partner, "/gesprekstafels/termijnen", soort="uitvraag")
        )
        done = await all_results(partner, "/gesprekstafels/termijnen", status="voldaan")
        assert [t["soort"] for t in done] == ["uitvraag"], "the closed call; the report is still open"
        unknown = await partner.get("/gesprekstafels/termijnen", params={"jaartal": 2043})
        _problem(unknown, 400)

        feed = await partner.get("/gesprekstafels/termijnen/ical")
        assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
        calendar = Calendar.from_ical(feed.content)
        events = calendar.walk("VEVENT")
        assert len(events) == len(items) and len({str(e["UID"]) for e in events}) == len(items)
        by_uid = {str(e["UID"]): e for e in events}
        for item in items:
            event = by_uid[f"{item['soort']}-{item['verwijzing']}@{tenant}.stuurcyclus"]
            assert event.decoded("DTSTART") == date.fromisoformat(item["uiterlijk"][:10])
            assert str(event["SUMMARY"]) == item["omschrijving"]
        only_reports = Calendar.from_ical(
            (await partner.get("/gesprekstafels/termijnen/ical", params={"soort": "verantwoording"})).content
        )
        assert len(only_reports.walk("VEVENT")) == 1
