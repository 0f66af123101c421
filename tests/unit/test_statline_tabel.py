"""A CBS StatLine download read as it comes (issue 32, item 3): period keys, provisional status, padded keys,
descriptions over several lines — the real table 83262NED of `../shared/data/cbs-statline/`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

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
