"""What the sub-domains' routes share: the CSV answer as Dutch Excel reads it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from fastapi.responses import PlainTextResponse
from stuurcyclus_common import tabular
from stuurcyclus_common.http import csv_download
from stuurcyclus_common.responses import Responses

Formaat = Annotated[Literal["json", "csv"], Query(description="`csv`: semicolons and decimal commas, € mln.")]
CSV: Responses = {200: {"content": {"text/csv": {}}, "description": "With `formaat=csv`."}}


def csv_answer(rows: list[list[str]], filename: str) -> PlainTextResponse:
    """CSV as Dutch Excel reads it: `;` between fields, decimal comma."""
    return csv_download(tabular.excel_csv(rows), filename)


def decimal_comma(mln: str | None) -> str:
    return "" if mln is None else mln.replace(".", ",")
