"""A CBS StatLine download read as it comes (issue 32, item 3): period keys, provisional status, padded keys,
descriptions over several lines — the real table 83262NED of `../shared/data/cbs-statline/`."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from indicatoren.statline import tabel as statline

TABLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "cbs-statline" / "83262NED"


@pytest.mark.parametrize(
    ("key", "periode"),
    [
        ("2016JJ00", "2016"),
        ("2016HJ01", "2016S1"),
        ("2016HJ02", "2016S2"),
        ("2016KW03", "2016Q3"),
        ("2016MM07", "201607"),
        ("2016MM12", "201612"),
        ("2016X000", None),
        ("2016KW05", None),
        ("2016MM13", None),
        ("2016JJ01", None),
        ("2016G100", None),
    ],
)
def test_statline_periods_become_the_platforms(key: str, periode: str | None) -> None:
    assert statline.periode(key) == periode


def test_provisional_is_voorlopig_and_nader_voorlopig() -> None:
    assert statline.voorlopig("Voorlopig") and statline.voorlopig("Nader voorlopig")
    assert not statline.voorlopig("Definitief") and not statline.voorlopig(None) and not statline.voorlopig("")


def _zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in folder.iterdir():
            archive.write(file, f"83262NED/{file.name}")
    return buffer.getvalue()


def test_the_real_download_as_it_comes() -> None:
    table = statline.parse(statline.files_of_zip(_zipped(TABLE)))
    assert table.id == "83262NED" and table.titel and table.titel.startswith("Wmo-cliënten")
    assert (table.regio, table.perioden_key) == ("RegioS", "Perioden")
    assert set(table.onderwerpen) == {"WmoClienten_1", "WmoClientenPer1000Inwoners_2"}
    assert table.onderwerpen["WmoClienten_1"].eenheid == "aantal"
    assert table.onderwerpen["WmoClientenPer1000Inwoners_2"].eenheid == "per 1 000 inwoners"
    assert set(table.dimensies) == {"Geslacht", "KenmerkenVanPersonen", "TypeMaatwerkarrangement"}
    assert "3000" in table.dimensies["Geslacht"], "keys padded with spaces are read without them"
    assert table.status["2020HJ01"] == "Voorlopig" and table.status["2019JJ00"] == "Definitief"
    assert len(table.rows) == 96 and {r["RegioS"] for r in table.rows} == {"NL01  ", "GM0518"}


def test_what_is_no_statline_download_is_named() -> None:
    with pytest.raises(statline.TabelFout) as no_zip:
        statline.files_of_zip(b"not a zip")
    assert no_zip.value.veld == "body"
    files = statline.files_of_zip(_zipped(TABLE))
    del files["DataProperties.csv"]
    with pytest.raises(statline.TabelFout) as missing:
        statline.parse(files)
    assert missing.value.veld == "DataProperties.csv"


class _FakeCbs(BaseHTTPRequestHandler):
    """CBS's OData feed as `cbsodata` reads it (`/ODataFeed/odata/<table>/<entity>?$format=json`), serving the real
    download of 83262NED: the entity list, each entity, and the untyped data set with `$filter` on the region."""

    def do_GET(self) -> None:  # noqa: N802  (the standard library's name)
        url = urlparse(self.path)
        entity = url.path.split("/")[4] if len(url.path.split("/")) > 4 else ""
        names = [f.stem for f in TABLE.iterdir() if f.name != "data.csv"]
        if entity == "":
            value: list[dict] = [{"name": n, "url": n} for n in [*names, "TypedDataSet", "UntypedDataSet"]]
        elif entity in ("UntypedDataSet", "TypedDataSet"):
            wanted = re.search(r"substringof\('(\d{4})',(\w+)\)", parse_qs(url.query).get("$filter", [""])[0])
            value = [
                {k: (v if v != "" else "       .") for k, v in row.items()}
                for row in csv.DictReader((TABLE / "data.csv").open(encoding="utf-8"))
                if wanted is None or wanted[1] in row[wanted[2]]
            ]
        else:
            value = list(csv.DictReader((TABLE / f"{entity}.csv").open(encoding="utf-8")))
        body = json.dumps({"odata.metadata": "x", "value": value}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_table_fetched_from_cbs_reads_as_its_download() -> None:
    """Where the platform may reach CBS: the same table from CBS's OData service (its own client, `cbsodata`), the
    municipality's rows only, read by the same reader as the download — here from a stand-in of the feed on
    loopback serving the real table (the live service is not reached by the tests)."""
    from indicatoren.statline import ophalen

    server = HTTPServer(("127.0.0.1", 0), _FakeCbs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        entities = ophalen.download("83262NED", "GM0518", f"127.0.0.1:{server.server_port}", https=False)
    finally:
        server.shutdown()
    fetched = statline.from_entities(entities)
    downloaded = statline.parse(statline.files_of_zip(_zipped(TABLE)))
    assert (fetched.id, fetched.onderwerpen, fetched.dimensies) == (
        downloaded.id,
        downloaded.onderwerpen,
        downloaded.dimensies,
    )
    assert fetched.status == downloaded.status and fetched.regio == "RegioS"
    assert {r["RegioS"].strip() for r in fetched.rows} == {"GM0518"}, "only the municipality's rows asked for"
    own = [r for r in downloaded.rows if r["RegioS"].strip() == "GM0518"]
    assert [(r["Perioden"], r["WmoClienten_1"].strip(" .")) for r in fetched.rows] == [
        (r["Perioden"], r["WmoClienten_1"]) for r in own
    ]
