"""Attachments (issue 27, item 7), over the real platform as partners and staff meet them:

- what a document is, read from its content — PDF, OpenDocument, Office Open XML and CSV taken; an executable, an
  image or a plain ZIP refused whatever its name says (415 naming what it is); empty 422; too large 413;
- isolated like their application (another partner 403, another municipality 404), in the audit trail, downloaded
  byte for byte with their checksum (`Repr-Digest`);
- on an application until it is decided, on a report until it is assessed, on a decision by policy staff only;
- the decision's letter (beschikking) as a PDF rendered from the decision.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile

import httpx
from pypdf import PdfReader

from .support import RunningPlatform, all_results, auth_headers, unique_tenant
from .test_betalingen import JAAR, _applications, _client
from .test_gesprekstafels import _ok, _problem
from .test_verantwoording import open_call

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CSV = b"post;bedrag\nhuur;1.200,00\nactiviteiten;8.800,00\n"


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})
XLSX = _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<document/>"})
TAKEN = {
    "begroting.pdf": (PDF, "application/pdf"),
    "begroting.odt": (ODT, "application/vnd.oasis.opendocument.text"),
    "begroting.xlsx": (XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "toelichting.docx": (DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "begroting.csv": (CSV, "text/csv"),
}
REFUSED = {
    "begroting.pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,  # a Windows program
    "logo.pdf": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,  # an image
    "stukken.docx": _zip({"readme.txt": "niets"}),  # a plain ZIP
}


async def _upload(client: httpx.AsyncClient, url: str, name: str, content: bytes, **params: str) -> httpx.Response:
    return await client.post(
        url, params={"bestandsnaam": name, **params}, content=content, headers={"Content-Type": "application/pdf"}
    )


async def test_documents_on_a_report_and_a_decision_and_the_letter(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    async with (
        _client(platform, auth_headers(platform, tenant)) as api,
        _client(platform, auth_headers(platform, tenant, "partner", "Buurtwerk")) as partner,
        _client(platform, auth_headers(platform, tenant, "partner", "Sportkring")) as other,
        _client(platform, auth_headers(platform, unique_tenant())) as elsewhere,
    ):
        apps = await _applications(platform, api, tenant, {"Buurtwerk": 1_000_001, "Sportkring": 500_000}, {})
        aanvraag = apps["Buurtwerk"]
        besluit = _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/toekenning", json={}), 201)
        on_report = f"/gesprekstafels/aanvragen/{aanvraag['id']}/verantwoording/bijlagen"

        # What a document is comes from its bytes; the name and the Content-Type header say nothing.
        added = {}
        for name, (content, mediatype) in TAKEN.items():
            body = _ok(await _upload(partner, on_report, name, content, soort="jaarrekening"), 201)
            assert (body["mediatype"], body["grootte"]) == (mediatype, len(content)), name
            assert body["sha256"] == hashlib.sha256(content).hexdigest() and body["onderwerp"] == "verantwoording"
            added[name] = body
        for name, content in REFUSED.items():
            refused = _problem(await _upload(partner, on_report, name, content), 415, "type_niet_toegestaan", "body")
            assert "content is" in refused["detail"], refused
        _problem(await _upload(partner, on_report, "leeg.pdf", b""), 422, "leeg", "body")
        _problem(await _upload(partner, on_report, "groot.pdf", PDF + b"0" * (20 * 1024 * 1024)), 413, "te_groot")
        _problem(await _upload(partner, f"/gesprekstafels/aanvragen/{aanvraag['id']}/bijlagen", "x.pdf", PDF), 409)

        # Downloaded byte for byte, with its checksum; a path in the name is only a label.
        pdf = added["begroting.pdf"]
        download = await partner.get(f"/gesprekstafels/bijlagen/{pdf['id']}/inhoud")
        assert download.status_code == 200 and download.content == PDF
        assert download.headers["content-type"].startswith("application/pdf")
        assert download.headers["repr-digest"] == f"sha-256=:{base64.b64encode(hashlib.sha256(PDF).digest()).decode()}:"
        odd = _ok(await _upload(partner, on_report, "../../etc/passwd\x01.pdf", PDF), 201)
        assert odd["bestandsnaam"] == "passwd_.pdf"

        # Isolated like the application.
        listed = await all_results(partner, f"/gesprekstafels/aanvragen/{aanvraag['id']}/bijlagen")
        assert {b["id"] for b in listed} == {b["id"] for b in added.values()} | {odd["id"]}
        _problem(await other.get(f"/gesprekstafels/aanvragen/{aanvraag['id']}/bijlagen"), 403)
        _problem(await other.get(f"/gesprekstafels/bijlagen/{pdf['id']}/inhoud"), 403)
        _problem(await other.get(f"/gesprekstafels/bijlagen/{pdf['id']}"), 403)
        _problem(await _upload(other, on_report, "x.pdf", PDF), 403)
        _problem(await elsewhere.get(f"/gesprekstafels/bijlagen/{pdf['id']}/inhoud"), 404)
        trail = _ok(await api.get(f"/gesprekstafels/bijlagen/{pdf['id']}/audittrail"))["results"]
        assert [(t["actie"], t["nieuw"]["sha256"]) for t in trail] == [("create", pdf["sha256"])]
        assert "inhoud" not in trail[0]["nieuw"], "the trail describes the document, it does not copy it"

        # Taken off while the report takes documents; none after it is assessed.
        assert (await partner.delete(f"/gesprekstafels/bijlagen/{odd['id']}")).status_code == 204
        report = {"activiteiten": [{"omschrijving": "Inloop", "aantal": 3}], "besteedCent": 900_000}
        _ok(await partner.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/verantwoording", json=report), 201)
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/verantwoording/beoordeling", json={}))
        _problem(await _upload(partner, on_report, "laat.pdf", PDF), 409, "ongeldige_overgang")
        _problem(await partner.delete(f"/gesprekstafels/bijlagen/{pdf['id']}"), 409)

        # A decision's documents are staff's; the partner reads them.
        on_decision = f"/gesprekstafels/besluiten/{besluit['id']}/bijlagen"
        _problem(await _upload(partner, on_decision, "brief.pdf", PDF), 403)
        letter = _ok(await _upload(api, on_decision, "brief.pdf", PDF, soort="beschikking"), 201)
        assert letter["onderwerp"] == "besluit" and letter["besluitId"] == besluit["id"]
        assert (await partner.get(f"/gesprekstafels/bijlagen/{letter['id']}/inhoud")).content == PDF

        # The decision's letter, rendered from the decision.
        rendered = await partner.get(f"/gesprekstafels/besluiten/{besluit['id']}/beschikking")
        assert rendered.status_code == 200 and rendered.headers["content-type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.content)).pages)
        for expected in (besluit["identificatie"], "Buurtwerk", "EUR 10.000,01", "bezwaar", "30 april"):
            assert expected in text, (expected, text[:1500])
        _problem(await other.get(f"/gesprekstafels/besluiten/{besluit['id']}/beschikking"), 403)


async def test_a_budget_on_an_application_until_it_is_decided(platform: RunningPlatform) -> None:
    tenant = unique_tenant()
    jaar = JAAR + 4
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
        aanvraag = _ok(await partner.post("/gesprekstafels/aanvragen", json=body), 201)
        url = f"/gesprekstafels/aanvragen/{aanvraag['id']}/bijlagen"
        draft = _ok(await _upload(partner, url, "begroting.xlsx", XLSX, soort="begroting"), 201)
        _ok(await partner.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/indiening"))
        submitted = _ok(await _upload(partner, url, "toelichting.pdf", PDF), 201)
        assert [b["id"] for b in await all_results(api, url)] == [draft["id"], submitted["id"]]
        _ok(await api.post(f"/gesprekstafels/aanvragen/{aanvraag['id']}/behandeling"))
        _problem(await _upload(partner, url, "later.pdf", PDF), 409, "ongeldige_overgang")
