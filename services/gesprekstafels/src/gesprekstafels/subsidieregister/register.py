"""A municipality's published subsidy register, read as it comes (pure: text in, dossiers and named errors out).

One row per dossier: `DOSSIERNUMMER`, `AANVRAGER` (an organisation, or `(Particulier)` for a private person),
`REGELINGNAAM` (the scheme), `BELEIDSTERREIN`, `ORGANISATIEONDERDEEL`, `PROJECT_NAAM`, `TYPE_PERIODICITEIT`
(`Eenmalig`/`Periodiek`), `BEDRAG_AANGEVRAAGD`, `BEDRAG_VERLEEND`, `BEDRAG_VASTGESTELD` (euros), `SUBSIDIEJAAR`,
`DATUM_OVERZICHT` (the export's moment). Column names are matched without regard to case, spaces or underscores;
`;` or `,` between fields; `NULL` or an empty cell where the register has no figure (an amount not yet settled, an
applicant not named); quoted fields with doubled quotes. Every bad row is named in one pass.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stuurcyclus_common import tabular

PARTICULIER = "(Particulier)"
REQUIRED = ("dossiernummer", "regelingnaam", "subsidiejaar")
#: The register's columns (normalised) → the dossier's fields.
COLUMNS = {
    "dossiernummer": "dossiernummer",
    "aanvrager": "aanvrager",
    "regelingnaam": "regeling",
    "beleidsterrein": "beleidsterrein",
    "organisatieonderdeel": "organisatieonderdeel",
    "projectnaam": "projectnaam",
    "typeperiodiciteit": "periodiciteit",
    "bedragaangevraagd": "aangevraagd_cent",
    "bedragverleend": "verleend_cent",
    "bedragvastgesteld": "vastgesteld_cent",
    "subsidiejaar": "jaar",
    "datumoverzicht": "overzicht_op",
}
LIMITS = {"dossiernummer": 40, "aanvrager": 300, "regeling": 300, "beleidsterrein": 200,
          "organisatieonderdeel": 200, "projectnaam": 500}  # fmt: skip
NONE = ("", "NULL", "null", "NA", "-")
MAX_ERRORS = 50


@dataclass(frozen=True)
class Dossier:
    dossiernummer: str
    aanvrager: str | None
    particulier: bool
    regeling: str
    beleidsterrein: str | None
    organisatieonderdeel: str | None
    projectnaam: str | None
    periodiciteit: str | None
    aangevraagd_cent: int | None
    verleend_cent: int | None
    vastgesteld_cent: int | None
    jaar: int
    overzicht_op: date | None


@dataclass
class Gelezen:
    dossiers: list[Dossier]
    errors: list[tuple[int, str, str]]  # (line, column, reason)
    rijen: int


def _column(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def sleutel(naam: str | None) -> str:
    """A name as a key to match an applicant in the register with a partner of the platform: without accents, case,
    punctuation, and with the usual abbreviations of legal forms written out (`St.` = `Stichting`)."""
    if not naam:
        return ""
    plain = unicodedata.normalize("NFKD", naam).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"^(st|stg|sticht)\.?\s+", "stichting ", plain)
    plain = re.sub(r"^(ver|vereen)\.?\s+", "vereniging ", plain)
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def read(text: str) -> Gelezen:
    header, rows = tabular.rows_of(text)
    columns = {_column(h): h for h in header}
    missing = [c for c in REQUIRED if c not in columns]
    if not header:
        return Gelezen([], [(1, "header", "the file is empty")], 0)
    if missing:
        expected = ";".join(c.upper() for c in REQUIRED)
        return Gelezen([], [(1, "header", f"missing column(s) {', '.join(missing).upper()}; expected {expected}")], 0)
    dossiers: list[Dossier] = []
    errors: list[tuple[int, str, str]] = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in rows:
        values: dict[str, object] = {}
        problems: list[tuple[int, str, str]] = []
        for column, field in COLUMNS.items():
            raw = row.get(columns[column], "") if column in columns else ""
            raw = raw.strip()
            value: object = None if raw in NONE else raw
            try:
                value = _typed(field, value)
            except ValueError as exc:
                problems.append((line, columns[column].upper(), str(exc)))
                continue
            values[field] = value
        for field in ("dossiernummer", "regeling", "jaar"):
            if field in values and values[field] is None:
                problems.append((line, _name_of(field), "is empty"))
        if problems:
            errors.extend(problems)
            continue
        key = (str(values["dossiernummer"]), int(values["jaar"]))  # type: ignore[call-overload]
        if key in seen:
            errors.append((line, "DOSSIERNUMMER", f"{key[0]} of {key[1]} is on line {seen[key]} already"))
            continue
        seen[key] = line
        aanvrager = values["aanvrager"]
        dossiers.append(Dossier(particulier=aanvrager == PARTICULIER, **values))  # type: ignore[arg-type]
    return Gelezen(dossiers, errors[:MAX_ERRORS], len(rows))


def _name_of(field: str) -> str:
    return next(c for c, f in COLUMNS.items() if f == field).upper()


def _typed(field: str, value: object) -> object:
    if value is None:
        return None
    text = str(value)
    if field in LIMITS:
        if len(text) > LIMITS[field]:
            raise ValueError(f"at most {LIMITS[field]} characters")
        return text
    if field.endswith("_cent"):
        return tabular.cents(text)
    if field == "jaar":
        if not text.isdigit() or not 1990 <= int(text) <= 2100:
            raise ValueError(f"not a year: {text!r} (e.g. 2016)")
        return int(text)
    if field == "periodiciteit":
        if text.lower() not in ("eenmalig", "periodiek"):
            raise ValueError(f"expected Eenmalig or Periodiek, not {text!r}")
        return text.lower()
    if field == "overzicht_op":
        return tabular.day(text[:10])
    return text
