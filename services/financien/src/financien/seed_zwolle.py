"""Zwolle's finance figures as seed data, from the second half-year report 2020 (`001_…`, section 9).

- the *Totaalopgave hervormingsagenda financieel* 2020–2024: four savings lines and the prudence margin
  (line 10 has no figure for 2020: "–");
- programme costs 2021–2023 (A Programmakosten); 2021: € 247.200 (the real cost is € 347.200, € 100.000 of it
  covered from released training budget);
- the 2021 investments of track 1 per ambition (B bestedingen Spoor 1), incidental.

Amounts in euro cents.
"""

from __future__ import annotations

MLN = 100_000_000  # € 1 mln in cents
K = 100  # € 1 in cents

LIJNEN = [
    {
        "code": "2",
        "naam": "Value Case Beschermd Wonen - Beschermd thuis",
        "spoor_nummer": 2,
        "volgorde": 1,
        "doelen": {2020: 0, 2021: 25_000_000, 2022: 50_000_000, 2023: 1 * MLN, 2024: 125_000_000},
    },
    {
        "code": "10",
        "naam": "Beslag behoedzaamheidsmarge t.b.v. Wmo-voorzieningen",
        "spoor_nummer": 2,
        "ten_laste_van_marge": True,
        "volgorde": 2,
        "doelen": {2021: 10_000_000, 2022: 70_000_000, 2023: 70_000_000, 2024: 70_000_000},
    },
    {
        "code": "3 & 7",
        "naam": "Toegang jeugd",
        "spoor_nummer": 3,
        "volgorde": 3,
        "doelen": {2020: 35_000_000, 2021: 35_000_000, 2022: 35_000_000, 2023: 35_000_000, 2024: 35_000_000},
    },
    {
        "code": "8 & 9",
        "naam": "Passende jeugdhulp/topsegment",
        "spoor_nummer": 3,
        "volgorde": 4,
        "doelen": {2020: 50_000_000, 2021: 95_000_000, 2022: 225_000_000, 2023: 280_000_000, 2024: 340_000_000},
    },
]

BEHOEDZAAMHEIDSMARGE = {2020: 200_000_000, 2021: 125_000_000, 2022: 80_000_000, 2023: 105_000_000, 2024: 180_000_000}

POSTEN = [
    {
        "jaar": 2021,
        "soort": "programmakosten",
        "omschrijving": "Programmakosten hervormingsagenda 2021",
        "bedrag_cent": 247_200 * K,
        "karakter": "incidenteel",
        "toelichting": "Eigenlijke kosten zijn 347.200, maar voor 2021 wordt 100.000,- gedekt uit vrijvallend "
        "scholingsbudget.",
    },
    {
        "jaar": 2022,
        "soort": "programmakosten",
        "omschrijving": "Programmakosten hervormingsagenda 2022",
        "bedrag_cent": 287_200 * K,
        "karakter": "incidenteel",
        "toelichting": "Kan nog niet aangevraagd worden doordat alleen incidenteel geld beschikbaar is.",
    },
    {
        "jaar": 2023,
        "soort": "programmakosten",
        "omschrijving": "Programmakosten hervormingsagenda 2023",
        "bedrag_cent": 287_200 * K,
        "karakter": "incidenteel",
        "toelichting": "Idem (kan nog niet aangevraagd worden doordat alleen incidenteel geld beschikbaar is).",
    },
    {
        "jaar": 2021,
        "soort": "investering",
        "omschrijving": "Spoor 1, ambitie 1: betekenisvolle sociale relaties en daginvulling",
        "bedrag_cent": 685_000 * K,
        "karakter": "incidenteel",
        "spoor_nummer": 1,
        "ambitie_nummer": 1,
        "toelichting": "Dagbesteding integreren in de sociale basis; continueren inzet opbouwwerkers en "
        "vrijwilligerssteunpunten.",
    },
    {
        "jaar": 2021,
        "soort": "investering",
        "omschrijving": "Spoor 1, ambitie 2: fit, vitaal en gezond (sportparkmanagement)",
        "bedrag_cent": 65_000 * K,
        "karakter": "incidenteel",
        "spoor_nummer": 1,
        "ambitie_nummer": 2,
        "toelichting": "Continueren sportparkmanagement door SSZ.",
    },
    {
        "jaar": 2021,
        "soort": "investering",
        "omschrijving": "Spoor 1, ambitie 3: gelijke kansen op een zelfredzaam leven (VN-verdrag Handicap)",
        "bedrag_cent": 25_000 * K,
        "karakter": "incidenteel",
        "spoor_nummer": 1,
        "ambitie_nummer": 3,
        "toelichting": "Extra inzet van Travers voor de afspraken uit het VN-verdrag Handicap.",
    },
]
