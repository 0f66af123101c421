"""The subsidies a municipality already has (issue 32, item 4): its published subsidy register as it comes —
Amsterdam's of 2016 (`../shared/data/subsidieregister/`, 3,259 dossiers, `NULL` for no figure, quoted names,
`(Particulier)` for private persons) — imported idempotently by dossier number, searched, summed per applicant and
scheme, in the 360Giving export as grants of earlier years, and set beside a new call's applications. A private
person is never named outside staff; a partner sees only the dossiers that name it."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from gesprekstafels.subsidieregister import register

from .giving360 import validate
from .support import RunningPlatform, all_results, auth_headers, unique_tenant
from .test_betalingen import JAAR, _client
from .test_gesprekstafels import _ok
from .test_verantwoording import open_call

REGISTER = Path(__file__).resolve().parents[2] / "shared" / "data" / "subsidieregister" / "amsterdam-2016.csv"
TEXT = REGISTER.read_text(encoding="utf-8")
CSV = {"Content-Type": "text/csv"}


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader(TEXT.splitlines(), delimiter=";"))


def _cents(text: str) -> int:
    return 0 if text == "NULL" else round(float(text) * 100)


def test_the_real_register_reads_as_it_comes() -> None:
    read = register.read(TEXT)
    rows = _rows()
    assert (read.errors, read.rijen, len(read.dossiers)) == ([], len(rows), len(rows))
    assert sum(d.particulier for d in read.dossiers) == sum(r["AANVRAGER"] == "(Particulier)" for r in rows)
    by_number = {d.dossiernummer: d for d in read.dossiers}
    assert by_number["SBA-000190"].aanvrager == 'Het Ontmoetingcentrum "Zij Die Blijven"', "doubled quotes read"
    nulls = [r["DOSSIERNUMMER"] for r in rows if r["BEDRAG_VASTGESTELD"] == "NULL"]
    assert nulls and all(by_number[n].vastgesteld_cent is None for n in nulls), "NULL is no figure, never zero"
    assert by_number["SBA-000042"].verleend_cent == 8_328_000 and by_number["SBA-000042"].periodiciteit == "periodiek"
    assert register.sleutel("St. Centrale Dorpenraad Landelijk Noord") == register.sleutel(
        "Stichting Centrale Dorpenraad Landelijk Noord"
    )
    assert register.sleutel("Stichting Café Óost") == "stichting cafe oost"


def test_every_bad_row_is_named_in_one_pass() -> None:
    lines = TEXT.splitlines()
    no_number = ";".join(["SB_MI_SUBSIDIEREGISTER", "", *lines[3].split(";")[2:]])
    bad = [lines[0], lines[1].replace(";4000.00", ";vierduizend"), lines[2].replace(";2016;", ";16;"), no_number,
           lines[4], lines[4]]  # fmt: skip
    read = register.read("\n".join(bad))
    assert {(line, column) for line, column, _ in read.errors} == {
        (2, "BEDRAG_AANGEVRAAGD"),
        (2, "BEDRAG_VERLEEND"),
        (2, "BEDRAG_VASTGESTELD"),
        (3, "SUBSIDIEJAAR"),
        (4, "DOSSIERNUMMER"),
        (6, "DOSSIERNUMMER"),
    }
    assert register.read("A;B\n1;2").errors[0][1] == "header"


async def test_the_register_as_history_for_staff_partners_and_open_data(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    rows = _rows()
    street = [r for r in rows if r["AANVRAGER"] == "Stichting Streetcornerwork"]
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, tenant, "partner", "Stichting Streetcornerwork")) as partner,
    ):
        url = "/gesprekstafels/subsidieregister"
        first = _ok(await api.post(url, content=TEXT.encode(), headers=CSV))
        assert first == {"rijen": len(rows), "nieuw": len(rows), "gewijzigd": 0, "ongewijzigd": 0, "jaren": [2016]}
        again = _ok(await api.post(url, content=TEXT.encode(), headers=CSV))
        assert (again["nieuw"], again["gewijzigd"], again["ongewijzigd"]) == (0, 0, len(rows)), "idempotent"

        # Next year's export: one dossier settled since, one dossier of 2017.
        lines = TEXT.splitlines()
        settled = next(i for i, line in enumerate(lines) if ";NULL;2016;" in line)
        lines[settled] = lines[settled].replace(";NULL;2016;", ";1.00;2016;")
        lines.append(lines[1].replace(";2016;", ";2017;"))
        later = _ok(await api.post(url, content="\n".join(lines).encode(), headers=CSV))
        assert (later["nieuw"], later["gewijzigd"], later["jaren"]) == (1, 1, [2016, 2017])

        refused = await api.post(url, content=f"{lines[0]}\n{lines[1].replace(';2016;', ';zestien;')}", headers=CSV)
        assert refused.status_code == 422 and refused.json()["invalidParams"][0]["name"] == "line 2: SUBSIDIEJAAR"
        assert (await partner.post(url, content=TEXT.encode(), headers=CSV)).status_code == 403

        # Staff search it; the partner sees the dossiers that name it, never a private person's.
        found = await all_results(api, url, zoek="streetcornerwork", jaar=2016)
        assert {f["dossiernummer"] for f in found} >= {r["DOSSIERNUMMER"] for r in street}
        private = await all_results(api, url, aanvrager="(Particulier)")
        assert private and all(p["particulier"] and p["aanvrager"] == "(Particulier)" for p in private)
        own = await all_results(partner, url)
        assert sorted(o["dossiernummer"] for o in own) == sorted(r["DOSSIERNUMMER"] for r in street)
        assert not await all_results(partner, url, aanvrager="(Particulier)")
        same = await all_results(api, url, aanvrager="St. Centrale Dorpenraad Landelijk Noord")
        expected = [r["DOSSIERNUMMER"] for r in rows if r["AANVRAGER"] in ("St. Centrale Dorpenraad Landelijk Noord",
                    "Stichting Centrale Dorpenraad Landelijk Noord")]  # fmt: skip
        assert sorted(s["dossiernummer"] for s in same) == sorted(expected) and "SBA-000042" in expected

        # What a partner asked, got and settled, per year; and per scheme.
        totals = await all_results(api, f"{url}/totalen", per="aanvrager", aanvrager="Stichting Streetcornerwork")
        assert totals == [
            {
                "naam": "Stichting Streetcornerwork",
                "jaar": 2016,
                "dossiers": len(street),
                "aangevraagdCent": sum(_cents(r["BEDRAG_AANGEVRAAGD"]) for r in street),
                "verleendCent": sum(_cents(r["BEDRAG_VERLEEND"]) for r in street),
                "vastgesteldCent": sum(_cents(r["BEDRAG_VASTGESTELD"]) for r in street),
            }
        ]
        schemes = {t["naam"]: t for t in await all_results(api, f"{url}/totalen", per="regeling", jaar=2016)}
        counted = Counter(r["REGELINGNAAM"] for r in rows)
        assert {name: t["dossiers"] for name, t in schemes.items()} == dict(counted)

        # The 360Giving export holds the register's grants of earlier years; private persons without a name.
        package = _ok(await api.get("/gesprekstafels/open-data/360giving"))
        validate(package)
        granted = [r for r in rows if _cents(r["BEDRAG_VERLEEND"]) > 0]
        assert len(package["grants"]) == len(granted) + 1, "and the one of 2017"
        individuals = [g for g in package["grants"] if "recipientIndividual" in g]
        assert individuals and all(g["recipientIndividual"]["name"] == "Particulier" for g in individuals)
        projects = {r["PROJECT_NAAM"] for r in rows if r["AANVRAGER"] == "(Particulier)"}
        assert not [g for g in individuals if g["title"] in projects - {r["REGELINGNAAM"] for r in rows}]
        flat = await api.get("/gesprekstafels/open-data/360giving", params={"formaat": "csv"})
        assert flat.status_code == 200 and "Recipient Ind:Name" in flat.text.splitlines()[0]

        # A new call's applications beside what their applicants already receive.
        uitvraag = await open_call(api, JAAR + 3)
        body = {"uitvraagId": uitvraag["id"], "titel": "Straathoekwerk", "activiteiten": [{"omschrijving": "x"}]}
        _ok(await partner.post("/gesprekstafels/aanvragen", json=body | {"bedragCent": 100_000}), 201)
        async with _client(platform, auth_headers(platform, tenant, "partner", "Nieuw Initiatief")) as newcomer:
            _ok(await newcomer.post("/gesprekstafels/aanvragen", json=body | {"bedragCent": 5_000}), 201)
        compared = {
            c["partner"]: c
            for c in await all_results(api, f"/gesprekstafels/uitvragen/{uitvraag['id']}/bestaande-subsidies")
        }
        assert compared["Nieuw Initiatief"]["bestaandeDossiers"] == 0
        known = compared["Stichting Streetcornerwork"]
        assert known["bestaandeDossiers"] == len(street) and known["periodiek"] == any(
            r["TYPE_PERIODICITEIT"] == "Periodiek" for r in street
        )
        assert known["verleendPerJaar"] == {"2016": sum(_cents(r["BEDRAG_VERLEEND"]) for r in street)}
        denied = await partner.get(f"/gesprekstafels/uitvragen/{uitvraag['id']}/bestaande-subsidies")
        assert denied.status_code == 403


async def test_a_partner_of_another_municipality_sees_nothing(platform: RunningPlatform) -> None:
    tenant, other = unique_tenant(), unique_tenant()
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, other, "partner", "Stichting Streetcornerwork")) as elsewhere,
    ):
        _ok(await api.post("/gesprekstafels/subsidieregister", content=TEXT.encode(), headers=CSV))
        assert not await all_results(elsewhere, "/gesprekstafels/subsidieregister")
