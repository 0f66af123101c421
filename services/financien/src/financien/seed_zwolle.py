"""Zwolle's finance figures as seed data, from the second half-year report 2020 (`001_…`, section 9).

- the *Totaalopgave hervormingsagenda financieel* 2020–2024: four savings lines and the prudence margin
  (line 10 has no figure for 2020: "–");
- programme costs 2021–2023 (A Programmakosten); 2021: € 247.200 (the real cost is € 347.200, € 100.000 of it
  covered from released training budget);
- the 2021 investments of track 1 per ambition (B bestedingen Spoor 1), incidental;
- the savings frame's versions: the agenda's € 11,1 mln (`000_…`, 2019) and the adjusted Totaalopgave presented in
  the first half-year report 2020 (`001_…` section 9: "het bijgestelde financiële kader", € 5,70 mln in 2024);
- what was realised before the frame's first year (2020): track 2's € 1,4 mln structural (`000_…`: "Spoor 2 heeft al
  geleid tot een structurele besparing van 1,4 miljoen") and € 0,25 mln incidental, track 3's € 0,95 mln (`001_…`,
  the summaries: "Gerealiseerd", beside "Nog realiseren (2020-2024)"). The sources name no year for them and do not
  split track 3's over its two lines nor call it structural or incidental: booked as before 2020 on the track.

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

AGENDA = "Hervormingsagenda Sociaal Domein 2019 (000_…)"
RAPPORT = "Tweede halfjaarrapportage Sociaal Domein 2020 (001_…)"

KADERS = [
    {
        "periode": "2019",
        "totaal_cent": 1_110_000_000,
        "reden": "De hervormingsagenda noemt een besparing van € 11,1 mln, uit te werken met een financieel overzicht "
        "van alle interventies in een financiële nota voor de raad in december 2019; spoor 2 beoogt bovenop de al "
        "gerealiseerde € 1,4 mln nog € 1,75 mln (eind 2023), jeugd ongeveer € 4 mln (eind 2023).",
        "bron": f"{AGENDA}, 13 Processtappen komende periode; Spoor 2 en Spoor 3, Financieel effect",
    },
    {
        "periode": "2020S1",
        "totaal_cent": 570_000_000,
        "doeljaar": 2024,
        "reden": "Bijgesteld financieel kader (Totaalopgave 2020–2024), gepresenteerd in de eerste halfjaarrapportage "
        "2020: oplopend tot € 5,70 mln in 2024 over spoor 2 (Value Case Beschermd Wonen) en spoor 3 (toegang jeugd, "
        "passende jeugdhulp); de besparing op hulpmiddelen (€ 0,7 mln) komt voorlopig ten laste van de "
        "behoedzaamheidsmarge omdat zij niet meer in de inhoudelijke lijn van de agenda past.",
        "bron": f"{RAPPORT}, 9 Financiën hervormingsagenda",
    },
]

#: (line code or None for the track only, track, year, kind or None, cents, explanation, source)
REALISATIES = [
    (
        "2",
        2,
        2019,
        "structureel",
        140_000_000,
        "Structurele besparing van spoor 2, al gerealiseerd bij het opstellen van de agenda",
        f"{AGENDA}, Spoor 2; {RAPPORT}, Spoor 2 Samenvatting",
    ),
    (
        "2",
        2,
        2019,
        "incidenteel",
        25_000_000,
        "Incidentele besparing van spoor 2, gerealiseerd vóór de looptijd 2020–2024",
        f"{RAPPORT}, Spoor 2 Samenvatting",
    ),
    (
        None,
        3,
        2019,
        None,
        95_000_000,
        "Gerealiseerd op jeugd vóór de looptijd 2020–2024 (oorspronkelijke besparing € 4,7 mln; nog € 3,75 mln)",
        f"{RAPPORT}, Spoor 3 Samenvatting",
    ),
]
