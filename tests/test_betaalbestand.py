"""Payment files both ways (issue 27, item 5), over the real platform as the subsidy administration meets it:

- bank accounts on record (IBAN checked with schwifty, the BIC read from it; staff only; in the audit trail);
- the authorised payouts as the SEPA credit-transfer file Dutch banks take (pain.001.001.03, validated here against
  the XSD) and as Dutch Excel CSV; a payment without its partner's account is refused by name;
- the bank's answer as the README shows it (one payment `verzonden` then `betaald` in one file), and the same file
  sent again — without an Idempotency-Key — changing nothing and saying so per line; another date for a step taken
  is refused on its line.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import sepaxml
import xmlschema

from .support import RunningPlatform, all_results, auth_headers, unique_tenant
from .test_betalingen import SUBSIDIEJAAR, _applications, _client
from .test_gesprekstafels import _ok, _problem

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
GEMEENTE_IBAN, BUURTWERK_IBAN, SPORTKRING_IBAN = "NL84BNGH0285010547", "NL20INGB0001234567", "NL44RABO0123456789"


def _csv(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


async def test_accounts_the_sepa_file_and_the_banks_answer_twice(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, tenant, "subsidieadministratie")) as admin,
        _client(platform, auth_headers(platform, tenant, "partner", "Buurtwerk")) as partner,
    ):
        apps = await _applications(platform, api, tenant, {"Buurtwerk": 4_000_000, "Sportkring": 2_000_002}, {})
        for aanvraag in apps.values():
            _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json={}), 201)
        ledger = {
            partner_name: sorted(
                await all_results(api, "/gesprekstafels/betalingen", aanvraagId=aanvraag["id"]),
                key=lambda b: b["volgnummer"],
            )
            for partner_name, aanvraag in apps.items()
        }
        first = [ledger["Buurtwerk"][0], ledger["Sportkring"][0]]
        for betaling in first:
            _ok(
                await api.post(f"/gesprekstafels/betalingen/{betaling['id']}/stappen", json={"status": "geautoriseerd"})
            )

        # Accounts: checked, staff only, audit-trailed.
        account = {"houder": "Buurtwerk", "iban": "NL91ABNA0417164301", "tenaamstelling": "x"}
        _problem(await admin.post("/gesprekstafels/rekeningen", json=account), 422, "ongeldige_iban", "iban")
        _problem(await partner.get("/gesprekstafels/rekeningen"), 403)
        _problem(await partner.post("/gesprekstafels/rekeningen", json=account | {"iban": BUURTWERK_IBAN}), 403)
        no_payer = _problem(await admin.get("/gesprekstafels/betalingen/betaalbestand"), 422, "rekening_onbekend")
        assert [p["name"] for p in no_payer["invalidParams"]] == ["rekeningen[gemeente]"]
        gemeente = _ok(
            await admin.post(
                "/gesprekstafels/rekeningen",
                json={"houder": "gemeente", "iban": "NL84 BNGH 0285 0105 47", "tenaamstelling": "Gemeente Zwolle"},
            ),
            201,
        )
        assert (gemeente["iban"], gemeente["bic"]) == (GEMEENTE_IBAN, "BNGHNL2G")
        buurtwerk = _ok(
            await admin.post(
                "/gesprekstafels/rekeningen",
                json={"houder": "Buurtwerk", "iban": BUURTWERK_IBAN, "tenaamstelling": "Stichting Buurtwerk"},
            ),
            201,
        )
        assert (buurtwerk["bic"], buurtwerk["bank"]) == ("INGBNL2A", "ING")
        _problem(await admin.post("/gesprekstafels/rekeningen", json=account | {"iban": BUURTWERK_IBAN}), 409)
        missing = _problem(await admin.get("/gesprekstafels/betalingen/betaalbestand"), 422, "rekening_onbekend")
        assert [p["name"] for p in missing["invalidParams"]] == [f"betalingen[{ledger['Sportkring'][0]['id']}]"]
        sportkring = _ok(
            await admin.post(
                "/gesprekstafels/rekeningen",
                json={"houder": "Sportkring", "iban": SPORTKRING_IBAN, "tenaamstelling": "Sportkring"},
            ),
            201,
        )
        changed = await admin.put(
            f"/gesprekstafels/rekeningen/{sportkring['id']}",
            json={"iban": SPORTKRING_IBAN, "tenaamstelling": "Vereniging Sportkring"},
            headers={"If-Match": '"1"'},
        )
        assert _ok(changed)["versie"] == 2
        trail = _ok(await api.get(f"/gesprekstafels/rekeningen/{changed.json()['id']}/audittrail"))["results"]
        assert [(t["actie"], t["nieuw"]["tenaamstelling"]) for t in trail] == [
            ("create", "Sportkring"),
            ("update", "Vereniging Sportkring"),
        ]

        # The SEPA file: valid against pain.001.001.03, one transfer per authorised payout, end-to-end id = payment.
        answer = await admin.get("/gesprekstafels/betalingen/betaalbestand")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
        xmlschema.XMLSchema(XSD).validate(answer.content)
        document = ET.fromstring(answer.content)
        assert document.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
        total = sum(b["bedragCent"] for b in first)
        assert document.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == f"{total / 100:.2f}"
        assert document.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == GEMEENTE_IBAN
        transfers = {
            tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS): (
                tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS),
                tx.findtext("p:Amt/p:InstdAmt", namespaces=NS),
            )
            for tx in document.iterfind(".//p:CdtTrfTxInf", NS)
        }
        assert transfers == {
            first[0]["id"].replace("-", ""): (BUURTWERK_IBAN, f"{first[0]['bedragCent'] / 100:.2f}"),
            first[1]["id"].replace("-", ""): (SPORTKRING_IBAN, f"{first[1]['bedragCent'] / 100:.2f}"),
        }
        flat = await admin.get("/gesprekstafels/betalingen/betaalbestand", params={"formaat": "csv"})
        lines = flat.text.splitlines()
        assert lines[0] == "betalingId;partner;iban;bic;tenaamstelling;bedrag;uitvoerdatum;omschrijving"
        assert f"{first[0]['id']};Buurtwerk;{BUURTWERK_IBAN};INGBNL2A;Stichting Buurtwerk;10000,00;" in flat.text
        assert len(lines) == 3

        # The bank's answer as the README shows it: one payment sent, then paid, in one file.
        betaling = first[0]
        run = (
            "betalingId;status;bedrag;datum;kenmerk\n"
            f"{betaling['id']};verzonden;10.000,00;02-01-{SUBSIDIEJAAR};BR-{SUBSIDIEJAAR}-001\n"
            f"{betaling['id']};betaald;10.000,00;03-01-{SUBSIDIEJAAR};BR-{SUBSIDIEJAAR}-001\n"
        )
        headers = {"Content-Type": "text/csv"}
        booked = _ok(await admin.post("/gesprekstafels/betalingen/bankrun", content=_csv(run), headers=headers))
        assert (booked["verwerkt"], booked["alVerwerkt"]) == (2, 0)
        after = _ok(await api.get(f"/gesprekstafels/betalingen/{betaling['id']}"))
        assert after["status"] == "betaald" and [s["status"] for s in after["stappen"]][-2:] == ["verzonden", "betaald"]

        # Sent again after a time-out, without a key: nothing changes, and each line says so.
        again = _ok(await admin.post("/gesprekstafels/betalingen/bankrun", content=_csv(run), headers=headers))
        assert (again["verwerkt"], again["alVerwerkt"]) == (0, 2)
        assert [(r["regel"], r["uitkomst"]) for r in again["regels"]] == [(2, "al_verwerkt"), (3, "al_verwerkt")]
        assert _ok(await api.get(f"/gesprekstafels/betalingen/{betaling['id']}"))["versie"] == after["versie"]
        # A step taken with another date is refused on its line; nothing of the file is booked.
        other_day = run.replace(f"03-01-{SUBSIDIEJAAR}", f"04-01-{SUBSIDIEJAAR}") + (
            f"{first[1]['id']};verzonden;{first[1]['bedragCent'] // 100}.{first[1]['bedragCent'] % 100:02d};;BR-2\n"
        )
        refused = _problem(
            await admin.post("/gesprekstafels/betalingen/bankrun", content=_csv(other_day), headers=headers),
            422,
            "bankrun_geweigerd",
        )
        assert [p["name"] for p in refused["invalidParams"]] == ["regels[3].status"]
        assert _ok(await api.get(f"/gesprekstafels/betalingen/{first[1]['id']}"))["status"] == "geautoriseerd"
        # What was paid is no longer in the file.
        left = ET.fromstring((await admin.get("/gesprekstafels/betalingen/betaalbestand")).content)
        assert left.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "1"
