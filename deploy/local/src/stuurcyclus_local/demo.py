"""A living demo of Zwolle, from the sources' own figures, loaded by `stuurcyclus up` through the platform's public
API (and the Iv3 import, an operator's command) once the seed data has reached every service.

What the sources state, and nothing else — where they give no figure, nothing is shown:
- measurements (`001_…` the second half-year report 2020, `000_…` the Hervormingsagenda 2019, `004_…` Koers 2023):
  people with a bijstand benefit, January and July 2020 (3614, 3771); young people in youth care a year (ca. 3400,
  480 of them with a stay) in 2020; beschermd-wonen clients, regional (900 in 2019:
  clients who live in beschermd wonen; ca. 1200 in 2020: the regional target group — two definitions, so no course
  is judged across them);
  inhabitants (132,000 on 1 January 2023);
- prognoses (`004_…`): 140,000 inhabitants in 2030, 149,600 on 1 January 2040, 20% aged 65 or over in 2035;
- (the savings realised before the frame, the frame's versions and the report's texts of 2020S2 are seed data of
  financien and sporen: they are the sources' figures and words, loaded with the rest of the agenda);
- Zwolle's wijken and buurten of 2014 and 2015 with their names and outlines (`../shared/data/zwolle-gebieden/`, CBS's
  Wijk- en buurtkaart), so every wijk and buurt has its name;
- the inhabitants of Zwolle and its 16 wijken on 1 January 2024 (`../shared/data/kwb-2024/`, CBS's Kerncijfers wijken
  en buurten, the wijken rounded to fives by CBS): the first map (`/indicatoren/indicatoren/CBS-INWONERS/kaart`);
- the CBS Iv3 budget of 2024 for every municipality (`../shared/data/iv3/2024_begroting.csv`: finance per track, and
  the comparison with municipalities of Zwolle's size);
- Zwolle's cycle of the current year in the phase the calendar says (the vision on the sociale basis, `002_…`: three
  theme tables in January and October, one per ambition, a joint table in May, the municipality as the tables'
  process director); the sources give no outcomes of these tables, so none are recorded.
Idempotent: what exists already is left alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

ZWOLLE = "GM0193"
IV3 = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "iv3" / "2024_begroting.csv"
AREAS = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "zwolle-gebieden"
KWB = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "kwb-2024" / "stripped_filtered_data_2024.json"
KWB_INDICATOR = {
    "code": "CBS-INWONERS",
    "naam": "Inwoners (CBS, Kerncijfers wijken en buurten; wijken afgerond op vijftallen)",
    "richting": "nader-te-bepalen",
    "eenheid": "personen",
    "bron": "CBS, Kerncijfers wijken en buurten 2024 (tabel 85984NED), peildatum 1 januari 2024",
}
REPORT, AGENDA, KOERS = (
    "Halfjaarrapportage Sociaal Domein H2 2020",
    "Hervormingsagenda Sociaal Domein 2019",
    "Koers 2023",
)

INDICATORS: list[dict[str, Any]] = [
    {
        "code": "BRON-S4-bijstand",
        "naam": "Uitkeringsgerechtigden bijstand",
        "spoorNummer": 4,
        "dimensie": "kwantiteit",
        "verwachting": "Instroom in de bijstand zoveel mogelijk voorkomen, uitstroom stimuleren.",
        "richting": "afname",
        "eenheid": "personen",
        "bron": REPORT,
    },
    {
        "code": "BRON-S3-jeugdzorg",
        "naam": "Jeugdigen met een vorm van jeugdzorg (per jaar)",
        "spoorNummer": 3,
        "dimensie": "kwantiteit",
        "richting": "nader-te-bepalen",
        "status": "actief",
        "eenheid": "personen",
        "bron": REPORT,
    },
    {
        "code": "BRON-S3-jeugdzorg-verblijf",
        "naam": "Jeugdigen met jeugdzorg met verblijf (per jaar)",
        "spoorNummer": 3,
        "dimensie": "kwantiteit",
        "verwachting": "Vaker ambulant, minder vaak verblijf.",
        "richting": "afname",
        "eenheid": "personen",
        "bron": REPORT,
    },
    {
        "code": "BRON-S2-bw-clienten",
        "naam": "Cliënten beschermd wonen (regionaal)",
        "spoorNummer": 2,
        "dimensie": "kwantiteit",
        "verwachting": "Van beschermd wonen naar (beschermd) thuis.",
        "richting": "afname",
        "eenheid": "personen",
        "bron": f"{AGENDA}; {REPORT}",
        # The two figures count different things: no course is judged across them.
        "definities": [
            {"vanaf": "2019", "omschrijving": "cliënten die beschermd wonen (regionaal)", "bron": AGENDA},
            {"vanaf": "2020", "omschrijving": "regionale doelgroep (aantal nu, ca.)", "bron": REPORT},
        ],
    },
    {
        "code": "BRON-inwoners",
        "naam": "Inwoners",
        "richting": "nader-te-bepalen",
        "eenheid": "personen",
        "bron": KOERS,
        "aggregatie": "som",
    },
    {
        "code": "BRON-65plus",
        "naam": "Aandeel inwoners van 65 jaar of ouder",
        "richting": "nader-te-bepalen",
        "eenheid": "procent",
        "bron": KOERS,
    },
]
MEASUREMENTS = [
    ("BRON-S4-bijstand", "202001", 3614),
    ("BRON-S4-bijstand", "202007", 3771),
    ("BRON-S3-jeugdzorg", "2020", 3400),
    ("BRON-S3-jeugdzorg-verblijf", "2020", 480),
    ("BRON-S2-bw-clienten", "2019", 900),
    ("BRON-S2-bw-clienten", "2020", 1200),
    ("BRON-inwoners", "2023", 132_000),
]
#: Prognoses the sources give (a third kind of value, never part of a course): (code, period, value, source).
PROGNOSES = [
    ("BRON-inwoners", "2030", 140_000, f"{KOERS}, §4: Zwolle groeit naar verwachting naar 140.000 inwoners in 2030"),
    ("BRON-inwoners", "204001", 149_600, f"{KOERS}, §3: prognose 149.600 op 1-1-2040"),
    ("BRON-65plus", "2035", 20, f"{KOERS}, §4: in 2035 is 20% van de bevolking 65 jaar of ouder"),
]
PHASE_TABLES = {
    "thematafels-januari": (1, "Thematafel januari"),
    "gezamenlijke-tafel": (5, "Gezamenlijke tafel"),
    "thematafels-oktober": (10, "Thematafel oktober"),
}


class _SendAgainWhenAsked(httpx.HTTPTransport):
    """The platform's 503 with `Retry-After` says nothing was saved and the request may come again (a database
    connection that had just closed, a server restarting): the demo sends it again, up to three times, as a
    well-behaved client does."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for _ in range(3):
            response = super().handle_request(request)
            wait = response.headers.get("retry-after")
            if response.status_code != 503 or wait is None:
                return response
            response.read()
            response.close()
            time.sleep(min(float(wait) if wait.isdigit() else 1.0, 5.0))
        return super().handle_request(request)


def load(base_url: str, token: str, env: dict[str, str], today: date | None = None) -> list[str]:
    """Load the demo into the platform at `base_url`; returns what it did, a line each."""
    today = today or date.today()
    said: list[str] = []
    with httpx.Client(
        base_url=f"{base_url}/api/v1",
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
        transport=_SendAgainWhenAsked(),
    ) as api:
        said += _areas(api)
        said += _measurements(api)
        said += _inhabitants(api)
        said += _iv3(env)
        said += _cycle(api, today)
    return said


def _areas(api: httpx.Client) -> list[str]:
    """Zwolle's wijken and buurten with their names and outlines, from CBS's map as the hackathon kept it."""
    files = sorted(AREAS.glob("*_20*.json"), key=lambda p: (p.stem[-4:], p.stem[:2] != "wk"))  # per year: wijken first
    if not files:
        return [f"demo: no area maps at {AREAS.resolve()}; wijken and buurten stay bare codes"]
    counts = []
    for path in files:
        jaar = int(path.stem[-4:])
        answer = api.post(
            "/indicatoren/gebieden",
            params={"jaar": jaar},
            content=path.read_bytes(),
            headers={"Content-Type": "application/geo+json"},
        )
        result = _ok(answer)
        counts.append(f"{jaar}: {result['wijk'] or result['buurt']} {'wijken' if result['wijk'] else 'buurten'}")
    return [f"demo: the area register from CBS's Wijk- en buurtkaart ({', '.join(counts)})"]


def _inhabitants(api: httpx.Client) -> list[str]:
    """CBS's inhabitants of Zwolle and its wijken on 1 January 2024 (Kerncijfers wijken en buurten 2024): counts of
    wijken rounded to fives by CBS, so the wijken add up to 133,135 against 133,141 for the municipality."""
    path = KWB.resolve()
    if not path.exists():
        return [f"demo: no KWB 2024 file at {path}; the map of inhabitants stays empty"]
    figures = json.loads(path.read_text(encoding="utf-8"))
    if not any(i["code"] == KWB_INDICATOR["code"] for i in _all(api, "/indicatoren/indicatoren")):
        _ok(api.post("/indicatoren/indicatoren", json=KWB_INDICATOR), 201)
    source = {"herkomst": "cbs", "leverancier": "CBS, Kerncijfers wijken en buurten 2024"}
    rows = [
        {"indicator": KWB_INDICATOR["code"], "periode": "2024", "gebied": code, "waarde": str(count)} | source
        for code, values in sorted(figures.items())
        if (code == ZWOLLE or code.startswith("WK0193")) and (count := values.get("AantalInwoners_5")) is not None
    ]
    result = _ok(api.post("/indicatoren/metingen", json=rows))
    return [f"demo: {result['nieuw']} of {len(rows)} CBS inhabitant counts (Zwolle and its wijken, 2024) — see the map"]


def _measurements(api: httpx.Client) -> list[str]:
    known = {i["code"] for i in _all(api, "/indicatoren/indicatoren")}
    added = [i for i in INDICATORS if i["code"] not in known]
    for indicator in added:
        _ok(api.post("/indicatoren/indicatoren", json=indicator), 201)
    rows = [{"indicator": c, "periode": p, "gebied": ZWOLLE, "waarde": str(v)} for c, p, v in MEASUREMENTS]
    result = _ok(api.post("/indicatoren/metingen", json=rows))
    for code, periode, waarde, bron in PROGNOSES:  # set, so loading twice changes nothing
        body = {"periode": periode, "gebied": ZWOLLE, "waarde": str(waarde), "bron": bron}
        _ok(api.post(f"/indicatoren/indicatoren/{code}/prognoses", json=body), 201)
    said = f"{len(added)} source indicators, {result['nieuw']} measurements and {len(PROGNOSES)} prognoses"
    return [f"demo: {said} from the sources"]


def _iv3(env: dict[str, str]) -> list[str]:
    path = IV3.resolve()
    if not path.exists():
        return [f"demo: no Iv3 file at {path}; finance per track stays empty"]
    command = [sys.executable, "-m", "financien.manage", "import-iv3", str(path)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        return [f"demo: Iv3 import refused: {result.stderr.strip()[-300:]}"]
    return ["demo: " + (result.stdout.strip().splitlines() or ["Iv3 imported"])[-1].removeprefix("financien: ")]


def _cycle(api: httpx.Client, today: date) -> list[str]:
    jaar = today.year
    ambities = _wait(lambda: [a for a in _all(api, "/gesprekstafels/ambities") if a["nummer"] in (1, 2, 3)], 3)
    if api.get(f"/gesprekstafels/cycli/{jaar}").status_code == 404:
        _ok(api.post("/gesprekstafels/cycli", json={"jaar": jaar}), 201)
    cycle = _ok(api.get(f"/gesprekstafels/cycli/{jaar}"))
    tables = {(t["fase"], t.get("ambitieId")) for t in _all(api, "/gesprekstafels/tafels", jaar=jaar)}
    moved = 0
    for fase in cycle["fasen"]:
        start, end = date.fromisoformat(fase["geplandVan"]), date.fromisoformat(fase["geplandTot"])
        if today < start or fase["status"] == "gesloten":
            continue
        if fase["status"] == "gepland":
            if api.post(f"/gesprekstafels/cycli/{jaar}/fasen/{fase['code']}/opening").status_code != 200:
                continue  # its prerequisites are not closed (the budget waits for the council): it stays planned
            moved += 1
        if fase["code"] in PHASE_TABLES:
            month, title = PHASE_TABLES[fase["code"]]
            for ambitie in [None] if fase["code"] == "gezamenlijke-tafel" else ambities:
                if (fase["code"], ambitie and ambitie["ambitieId"]) in tables:
                    continue
                body = {
                    "jaar": jaar,
                    "fase": fase["code"],
                    "titel": f"{title}: {ambitie['naam']}" if ambitie else title,
                    "datum": date(jaar, month, 15).isoformat(),
                    "deelnemers": [{"naam": "Gemeente Zwolle", "rol": "gemeente-procesregisseur"}],
                } | ({"ambitieId": ambitie["ambitieId"]} if ambitie else {})
                _ok(api.post("/gesprekstafels/tafels", json=body), 201)
        closing = f"/gesprekstafels/cycli/{jaar}/fasen/{fase['code']}/sluiting"
        if today > end and fase["code"] != "begroting" and api.post(closing).status_code == 200:
            moved += 1
    now = _ok(api.get(f"/gesprekstafels/cycli/{jaar}"))
    stand = ", ".join(f"{f['code']} {f['status']}" for f in now["fasen"] if f["status"] != "gepland")
    return [f"demo: cycle {jaar} ({moved} phase changes): {stand or 'nothing open yet'}"]


def _all(api: httpx.Client, url: str, **params: Any) -> list[dict]:
    page = _ok(api.get(url, params={"pageSize": 100, **params}))
    items = list(page["results"])
    while page["next"]:
        page = _ok(api.get(page["next"]))
        items += page["results"]
    return items


def _wait(fetch, count: int, timeout: float = 60) -> list[dict]:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while True:
        found = fetch()
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def _ok(response: httpx.Response, status: int = 200) -> dict:
    if response.status_code != status:
        raise RuntimeError(
            f"demo: {response.request.method} {response.request.url} → {response.status_code}: {response.text[:300]}"
        )
    return response.json()


def amsterdam_today() -> date:
    from datetime import datetime

    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()
