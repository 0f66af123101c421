"""A StatLine table fetched from CBS's OData service with CBS's own client (`cbsodata`), written as the files CBS's
download tools write — one CSV per entity, `data.csv` for the observations — so a fetched table and a downloaded one
are read by one reader (`tabel.parse`) and imported by the same stored mappings.

Only the municipality's rows are asked for (the region's key holds its four digits: the municipality, its wijken
and buurten; the import still takes exactly its own). `cbsodata` is synchronous (requests): it runs in a thread.
"""

from __future__ import annotations

import asyncio
import csv
import io

import cbsodata
import requests

#: The observations, whichever data set the client returns (`cbsodata` keeps the typed one where asked for the untyped
#: one: numbers, a missing value None; the untyped one writes `.`): both read the same.
DATA = ("TypedDataSet", "UntypedDataSet")


class Onbereikbaar(Exception):
    """CBS did not answer (or answered with an error): try again later."""


def _csv(rows: list[dict]) -> bytes:
    if not rows:
        return b""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    return out.getvalue().encode()


def download(tabel: str, gemeente: str, catalogus: str, https: bool = True) -> dict[str, bytes]:
    """The table's entities as files (`DataProperties.csv`, `Perioden.csv`, …, `data.csv`), the data of the
    municipality's regions only."""
    cbsodata.options.use_https = https
    try:
        properties = cbsodata.get_meta(tabel, "DataProperties", catalog_url=catalogus)
        regio = next((p["Key"] for p in properties if p.get("Type") == "GeoDimension"), None)
        wanted = f"substringof('{gemeente[2:]}',{regio})" if regio else None
        entities = cbsodata.download_data(tabel, filters=wanted, catalog_url=catalogus)
    except (requests.RequestException, ValueError, KeyError) as exc:
        raise Onbereikbaar(f"CBS's OData service ({catalogus}) did not give table {tabel}: {exc}") from exc
    return {("data.csv" if name in DATA else f"{name}.csv"): _csv(rows) for name, rows in entities.items()}


async def fetch(tabel: str, gemeente: str, catalogus: str, https: bool = True) -> dict[str, bytes]:
    return await asyncio.to_thread(download, tabel, gemeente, catalogus, https)
