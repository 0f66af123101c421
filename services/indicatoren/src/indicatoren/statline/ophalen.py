"""A StatLine table fetched from CBS's OData service with CBS's own client (`cbsodata`): its entities as the client
returns them (the observations as `data`), read by the same reader as a download (`tabel.from_entities`) and imported
by the same stored mappings.

Only the municipality's rows are asked for (the region's key holds its four digits: the municipality, its wijken
and buurten; the import still takes exactly its own). `cbsodata` is synchronous (requests): it runs in a thread.
"""

from __future__ import annotations

import asyncio

import cbsodata
import requests

#: The observations, whichever data set the client returns (`cbsodata` keeps the typed one where asked for the untyped
#: one: numbers, a missing value None; the untyped one writes `.`): both read the same.
DATA = ("TypedDataSet", "UntypedDataSet")


class Onbereikbaar(Exception):
    """CBS did not answer (or answered with an error): try again later."""


def download(tabel: str, gemeente: str, catalogus: str, https: bool = True) -> dict[str, list[dict]]:
    """The table's entities (`DataProperties`, `Perioden`, …, `data`), the data of the municipality's regions only."""
    cbsodata.options.use_https = https
    try:
        properties = cbsodata.get_meta(tabel, "DataProperties", catalog_url=catalogus)
        regio = next((p["Key"] for p in properties if p.get("Type") == "GeoDimension"), None)
        wanted = f"substringof('{gemeente[2:]}',{regio})" if regio else None
        entities = cbsodata.download_data(tabel, filters=wanted, catalog_url=catalogus)
    except (requests.RequestException, ValueError, KeyError) as exc:
        raise Onbereikbaar(f"CBS's OData service ({catalogus}) did not give table {tabel}: {exc}") from exc
    return {("data" if name in DATA else name): rows for name, rows in entities.items()}


async def fetch(tabel: str, gemeente: str, catalogus: str, https: bool = True) -> dict[str, list[dict]]:
    return await asyncio.to_thread(download, tabel, gemeente, catalogus, https)
