"""Accountability in proportion to the money (issue 27, item 10), over the real platform: a call's tiers, each grant's
form decided with the grant and shown with its deadline, a reproducible random sample recorded on the decision and
in its audit trail, settlement without a report where none is owed, and a financial report that is not assessed or
settled without an auditor's statement attached."""

from __future__ import annotations

import hashlib

from .support import RunningPlatform, all_results, auth_headers, unique_tenant
from .test_betalingen import _applications, _client
from .test_bijlagen import PDF, _upload
from .test_gesprekstafels import _ok, _problem

REGIME = [
    {"totEnMetCent": 100_000, "vorm": "steekproef", "steekproefPercentage": 50},
    {"totEnMetCent": 1_000_000, "vorm": "activiteitenverslag"},
    {"vorm": "financieel-verslag"},
]
SMALL = [f"Klein {n}" for n in range(6)]


def _redo(zaad: str, percentage: int) -> bool:
    """The sample's rule as the decision states it, done again by anyone."""
    return int(hashlib.sha256(zaad.encode()).hexdigest(), 16) % 10_000 < percentage * 100


async def test_tiers_sample_and_auditors_statement(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, tenant, "partner", "Groot")) as groot,
    ):
        bad = REGIME[:2] + [{"totEnMetCent": 5, "vorm": "financieel-verslag"}]
        call = {
            "jaar": 2050,
            "ambitieId": "00000000-0000-4000-8000-000000000000",
            "titel": "x",
            "deadline": "2050-06-30",
        }
        refused = await api.post("/gesprekstafels/uitvragen", json=call | {"verantwoordingsregime": bad})
        assert refused.status_code == 400 and "upper bound" in refused.text, refused.text

        amounts = dict.fromkeys(SMALL, 50_000) | {"Middel": 500_000, "Groot": 2_000_000}  # all within one mandate
        apps = await _applications(platform, api, tenant, amounts, {}, call_extra={"verantwoordingsregime": REGIME})
        uitvraag = _ok(await api.get(f"/gesprekstafels/aanvragen/{apps['Groot']['id']}"))["uitvraagId"]
        shown = _ok(await api.get(f"/gesprekstafels/uitvragen/{uitvraag}"))["verantwoordingsregime"]
        assert [(t["totEnMetCent"], t["vorm"]) for t in shown] == [(t.get("totEnMetCent"), t["vorm"]) for t in REGIME]
        besluiten = {
            partner: _ok(await api.post(f"/gesprekstafels/aanvragen/{a['id']}/toekenning", json={}), 201)
            for partner, a in apps.items()
        }

        # The sample: reproducible from what the decision records, and the form follows the draw.
        for partner in SMALL:
            besluit = besluiten[partner]
            draw = besluit["steekproef"]
            assert draw["zaad"] == f"{tenant}/{uitvraag}/{apps[partner]['id']}" and draw["percentage"] == 50
            assert draw["getrokken"] is _redo(draw["zaad"], 50)
            assert draw["sha256"] == hashlib.sha256(draw["zaad"].encode()).hexdigest()
            if draw["getrokken"]:
                assert besluit["verantwoordingsvorm"] == "activiteitenverslag" and besluit["verantwoordingUiterlijk"]
            else:
                assert besluit["verantwoordingsvorm"] == "geen" and besluit["verantwoordingUiterlijk"] is None
        trail = _ok(await api.get(f"/gesprekstafels/besluiten/{besluiten[SMALL[0]]['id']}/audittrail"))["results"]
        assert trail[0]["nieuw"]["steekproef"] == besluiten[SMALL[0]]["steekproef"], "the draw is in the audit trail"
        assert (besluiten["Middel"]["verantwoordingsvorm"], besluiten["Middel"]["steekproef"]) == (
            "activiteitenverslag",
            None,
        )
        assert besluiten["Groot"]["verantwoordingsvorm"] == "financieel-verslag"

        # Shown to the partner with its deadline; no report is due where none is owed.
        async with _client(platform, auth_headers(platform, tenant, "partner", SMALL[0])) as klein:
            due = [t for t in await all_results(klein, "/gesprekstafels/termijnen") if t["soort"] == "verantwoording"]
            owed = besluiten[SMALL[0]]["verantwoordingsvorm"] != "geen"
            assert len(due) == (1 if owed else 0)
            seen = _ok(await klein.get(f"/gesprekstafels/besluiten/{besluiten[SMALL[0]]['id']}"))
            assert seen["verantwoordingsvorm"] == besluiten[SMALL[0]]["verantwoordingsvorm"]

        # Not drawn: settled at the grant's amount without a report.
        free = next((p for p in SMALL if besluiten[p]["verantwoordingsvorm"] == "geen"), None)
        if free is not None:
            settled = _ok(await api.post(f"/gesprekstafels/aanvragen/{apps[free]['id']}/vaststelling", json={}), 201)
            assert settled["bedragCent"] == 50_000
        drawn = next((p for p in SMALL if besluiten[p]["verantwoordingsvorm"] == "activiteitenverslag"), None)
        if drawn is not None:
            _problem(
                await api.post(f"/gesprekstafels/aanvragen/{apps[drawn]['id']}/vaststelling", json={}),
                409,
                "geen_verantwoording",
            )

        # A financial report: not assessed, nor settled, without the auditor's statement.
        url = f"/gesprekstafels/aanvragen/{apps['Groot']['id']}/verantwoording"
        report = {"activiteiten": [{"omschrijving": "Inloop", "aantal": 100}], "besteedCent": 1_900_000}
        _ok(await groot.post(url, json=report), 201)
        _problem(await api.post(f"{url}/beoordeling", json={}), 409, "accountantsverklaring_ontbreekt")
        _problem(
            await api.post(f"/gesprekstafels/aanvragen/{apps['Groot']['id']}/vaststelling", json={}),
            409,
            "accountantsverklaring_ontbreekt",
        )
        _ok(await _upload(groot, f"{url}/bijlagen", "verklaring.pdf", PDF, soort="accountantsverklaring"), 201)
        assert _ok(await api.post(f"{url}/beoordeling", json={}))["status"] == "beoordeeld"
