"""CBS Iv3 as the files come, every year: both task-field lists, parents that carry money, the year and source a file
must say, per-inhabitant figures, the series across the change of list, comparable municipalities, a municipality's
own assignment of task fields to tracks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from .support import RunningPlatform, all_results, auth_headers

HEADER = (
    "Gemeenten;Taakveld;L1.1 Salarissen en sociale lasten;Baten;Lasten;Provincie;Gemeentegrootte;Stedelijkheid;"
    "Inwonertal;Centrumfunctie;Sociale structuur"
)
CLASS = "100 000 tot 150 000 inwoners"


def _rows(naam: str, inwoners: int, fields: dict[str, tuple[str, str]], provincie: str = "Overijssel") -> list[str]:
    return [
        f"{naam};{code} {label};;{baten};{lasten};{provincie};{CLASS};Sterk stedelijk;{inwoners};;"
        for code, (label, baten, lasten) in ((c, (label, *fields[c])) for c, label in _LABELS.items() if c in fields)
    ]


_LABELS = {
    "0.1": "Bestuur",
    "6.1": "Samenkracht en burgerparticipatie",
    "6.21": "Toegang en eerstelijnsvoorz. WMO",
    "6.3": "Inkomensregelingen",
    "6.60": "Hulpmiddelen en diensten (WMO)",
    "6.71": "Maatwerkdienstverlening 18+",
    "6.711": "Huishoudelijke hulp (WMO)",
    "6.712": "Begeleiding (WMO)",
    "6.751": "Jeugdhulp ambulant lokaal",
    "6.76": "Jeugdhulp met verblijf",
    "6.791": "PGB WMO",
    "6.792": "PGB Jeugd",
    "6.811": "Beschermd wonen (WMO)",
    "6.82": "Geëscaleerde zorg 18-",
    "6.822": "Jeugdreclassering",
    "6.92": "Coördinatie en beleid Jeugd",
    # the list of 2017-2024
    "6.2": "Wijkteams",
    "6.6": "Maatwerkvoorzieningen (WMO)",
    "6.71a": "Huishoudelijke hulp (WMO)",
    "6.72a": "Begeleiding",
    "6.81": "Geëscaleerde zorg 18+",
    "6.81a": "Beschermd wonen (WMO)",
}


def _import(platform: RunningPlatform, path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "financien.manage", "import-iv3", str(path), *args],
        env=platform.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_both_task_field_lists_parents_with_money_and_the_series_across(
    platform: RunningPlatform, tmp_path: Path
) -> None:
    new_list = tmp_path / "2026_begroting.csv"  # the revised list: three-digit codes, parents with money
    zwolle_2026 = {
        "0.1": ("0.0", "9000.0"),
        "6.1": ("100.0", "4000.0"),
        "6.21": ("0.0", "2500.0"),
        "6.3": ("30000.0", "50000.0"),
        "6.60": ("0.0", "3000.0"),
        "6.71": ("0.0", "1000.0"),  # a parent booking of its own, beside its leaves
        "6.711": ("500.0", "6000.0"),
        "6.712": ("0.0", "8000.0"),
        "6.751": ("0.0", "12000.0"),
        "6.76": ("0.0", "7000.0"),
        "6.791": ("0.0", "900.0"),
        "6.792": ("0.0", "800.0"),
        "6.811": ("0.0", "70000.0"),
        "6.82": ("0.0", "1500.0"),
        "6.822": ("0.0", "400.0"),
        "6.92": ("0.0", "600.0"),
    }
    everything_on_parents = {"6.71": ("0.0", "5000.0"), "6.76": ("0.0", "6000.0"), "6.82": ("0.0", "700.0")}
    new_list.write_text(
        "\n".join(
            [
                HEADER,
                *_rows("Zwolle", 130_000, zwolle_2026),
                *_rows("Deventer", 101_000, everything_on_parents),
                *_rows("Nederland", 18_000_000, {"6.1": ("1.0", "2.0")}),
            ]
        ),
        encoding="utf-8",
    )
    imported = _import(platform, new_list)
    assert imported.returncode == 0, imported.stderr[-2000:]
    old_list = tmp_path / "iv3-jaarrekening-2023.csv"
    zwolle_2023 = {
        "6.1": ("0.0", "3500.0"),
        "6.2": ("0.0", "2000.0"),
        "6.6": ("0.0", "2800.0"),
        "6.71a": ("400.0", "5500.0"),
        "6.72a": ("0.0", "18000.0"),
        "6.81": ("0.0", "900.0"),
        "6.81a": ("0.0", "65000.0"),
    }
    old_list.write_text("\n".join([HEADER, *_rows("Zwolle", 128_000, zwolle_2023)]), encoding="utf-8")
    assert _import(platform, old_list).returncode == 0

    base = f"{platform.gateway}/api/v1/financien"
    async with httpx.AsyncClient(base_url=base, headers=auth_headers(platform)) as zwolle:
        velden = {r["taakveld"]: r for r in await all_results(zwolle, "/iv3/2026/taakvelden")}
        assert (
            velden["6.711"]["omschrijving"] == "Huishoudelijke hulp (WMO)"
            and velden["0.1"]["lastenCent"] == 9_000_000_00
        )
        sporen = {s["spoorNummer"]: s for s in await all_results(zwolle, "/iv3/2026/sporen")}
        assert sporen[2]["lastenCent"] == (1000 + 6000 + 8000 + 900 + 70000) * 100_000, "parent 6.71 counted"
        assert sporen[2]["taakvelden"] == ["6.71", "6.711", "6.712", "6.791", "6.811"]
        assert sporen[3]["lastenCent"] == (12000 + 7000 + 800 + 1500 + 400) * 100_000
        assert sporen[5]["taakvelden"] == ["6.60"] and sporen[4]["batenCent"] == 30_000_000_00
        assert not {"6.21", "6.92", "0.1"} & {v for s in sporen.values() for v in s["taakvelden"]}
        assert sporen[2]["lastenPerInwonerCent"] == round(sporen[2]["lastenCent"] / 130_000)
        old = {s["spoorNummer"]: s for s in await all_results(zwolle, "/iv3/2023/sporen", bron="jaarrekening")}
        assert old[2]["lastenCent"] == (5500 + 900 + 65000) * 100_000 and old[3]["taakvelden"] == ["6.72a"]
        series = await all_results(zwolle, "/iv3/sporen", bron="jaarrekening")
        assert [(s["jaar"], s["lijst"], s["spoorNummer"]) for s in series][:2] == [(2023, "2017", 1), (2023, "2017", 2)]

        compared = (await zwolle.get("/iv3/2026/vergelijking")).json()
        names = {g["naam"]: g for g in compared["gemeenten"]}
        assert compared["gemeentegrootte"] == CLASS and set(names) == {"Zwolle", "Deventer"}
        assert names["Zwolle"]["eigen"] and not names["Deventer"]["eigen"]
        assert names["Deventer"]["sporen"]["2"] == round(5000 * 100_000 / 101_000), "parents only: no € 0 track"
        assert compared["positie"]["2"] == {"positie": 2, "van": 2}

        # The municipality's own assignment: 6.21 (toegang WMO) to track 2, and back.
        own = await zwolle.put("/iv3/indelingen/2025/6.21", json={"spoorNummer": 2})
        assert own.status_code == 200 and own.json() == {
            "taakveld": "6.21",
            "spoorNummer": 2,
            "omschrijving": "Toegang en eerstelijnsvoorzieningen WMO",
            "eigen": True,
        }
        moved = {s["spoorNummer"]: s for s in await all_results(zwolle, "/iv3/2026/sporen")}
        assert moved[2]["lastenCent"] == sporen[2]["lastenCent"] + 2500 * 100_000
        listed = {t["taakveld"]: t for t in await all_results(zwolle, "/iv3/indelingen/2025")}
        assert listed["6.21"]["eigen"] and listed["6.711"]["spoorNummer"] == 2 and listed["6.79"]["spoorNummer"] is None
        assert (await zwolle.delete("/iv3/indelingen/2025/6.21")).status_code == 204
        back = {s["spoorNummer"]: s for s in await all_results(zwolle, "/iv3/2026/sporen")}
        assert back[2]["lastenCent"] == sporen[2]["lastenCent"]
        assert (await zwolle.put("/iv3/indelingen/2030/6.1", json={"spoorNummer": 1})).status_code == 400
    async with httpx.AsyncClient(base_url=base, headers=auth_headers(platform, rol="beleid")) as policy:
        assert (await policy.put("/iv3/indelingen/2025/6.21", json={"spoorNummer": 2})).status_code == 403


def test_a_file_says_its_year_and_source_or_the_command_must(platform: RunningPlatform, tmp_path: Path) -> None:
    unnamed = tmp_path / "iv3.csv"
    unnamed.write_text(HEADER + "\n", encoding="utf-8")
    refused = _import(platform, unnamed)
    assert refused.returncode == 2 and "--jaar and --bron" in refused.stderr
    assert "--bron" in _import(platform, unnamed, "--jaar", "2026").stderr, "no silent default to begroting"
    typo = _import(platform, unnamed, "--jaar", "2026", "--bron", "begroot")
    assert typo.returncode == 2 and "invalid choice" in typo.stderr
    bad_code = tmp_path / "2027_begroting.csv"
    bad_code.write_text(HEADER + "\nZwolle;Zes punt een;;1.0;2.0;Overijssel;;;;;\n", encoding="utf-8")
    refused = _import(platform, bad_code)
    assert refused.returncode == 2 and "Line 2" in refused.stderr and "task-field code" in refused.stderr


async def test_an_import_that_changes_nothing_publishes_nothing(platform: RunningPlatform, tmp_path: Path) -> None:
    """A restart's seed or a file sent twice: the second import of the same figures announces no
    `financien.iv3.bijgewerkt` (it used to announce one per municipality of the file); a changed figure does."""
    import asyncio

    import nats
    from stuurcyclus_common.events import EventEnvelope
    from stuurcyclus_common.events.streams import stream_name

    jaar = 2037
    path = tmp_path / f"{jaar}_begroting.csv"
    figures = {"6.1": ("0.0", "3500.0"), "6.3": ("100.0", "2000.0")}
    path.write_text("\n".join([HEADER, *_rows("Zwolle", 130_000, figures), *_rows("Kampen", 55_000, figures)]))

    async def announced() -> int:
        nc = await nats.connect(platform.infra.nats_url)
        try:
            js = nc.jetstream()
            subject = f"{platform.prefix}.financien.*.iv3.bijgewerkt"
            sub = await js.pull_subscribe(subject, stream=stream_name(platform.prefix, "financien"))
            found = 0
            while True:
                try:
                    batch = await sub.fetch(500, timeout=1)
                except (TimeoutError, nats.errors.TimeoutError):
                    return found
                found += sum(EventEnvelope.model_validate_json(m.data).data["jaar"] == jaar for m in batch)
        finally:
            await nc.close()

    assert _import(platform, path).returncode == 0
    await asyncio.sleep(2)  # the relay publishes within a moment
    first = await announced()
    assert first == 2, "one per municipality of the file"
    assert _import(platform, path).returncode == 0
    await asyncio.sleep(2)
    assert await announced() == first, "nothing changed: nothing announced"
    figures["6.3"] = ("100.0", "2100.0")
    path.write_text("\n".join([HEADER, *_rows("Zwolle", 130_000, figures), *_rows("Kampen", 55_000, figures)]))
    assert _import(platform, path).returncode == 0
    await asyncio.sleep(2)
    assert await announced() == first + 2, "a changed figure: the file's municipalities again"
