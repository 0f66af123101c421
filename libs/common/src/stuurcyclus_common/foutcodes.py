"""The one vocabulary of problem codes (`code` of every problem+json answer), in Dutch, each with what it means.

A code names *why* a request was refused, for a program to act on; the `detail` says it for a person. Codes are Dutch
words in snake case, as the domain's words are (`fase_gesloten`, `bestaat_al`); a refused field's own code in
`invalidParams` is the validation's (pydantic's `missing`, `string_too_long`, …) and not part of this list.
`tests/test_foutcodes.py` holds every code the platform's code raises to this list; `GET /api/v1/foutcodes` answers it.
"""

from __future__ import annotations

FOUTCODES: dict[str, str] = {
    # the kinds of refusal every service shares
    "ongeldig": "Een of meer velden zijn ongeldig; `invalidParams` noemt ze.",
    "ongeldig_verzoek": "Het verzoek kan niet worden gelezen.",
    "ongeldige_waarde": "Een waarde kan niet als tekst of getal worden opgeslagen (NUL-teken, ongeldige UTF-8, te "
    "groot).",
    "onbekende_parameter": "Een queryparameter die deze operatie niet kent.",
    "niet_aangemeld": "Geen geldig token: meld je aan (401).",
    "verboden": "Deze rol of organisatie mag dit niet (403).",
    "rol_niet_toegestaan": "De rol van het token mag deze operatie niet uitvoeren.",
    "andere_gemeente": "De Gemeente-Code wijkt af van de gemeente van het token.",
    "niet_eigen_organisatie": "Dit hoort bij een andere organisatie.",
    "niet_gevonden": "Bestaat niet (of niet voor deze gemeente).",
    "conflict": "Kan nu niet: de toestand van het ding staat het niet toe.",
    "bestaat_al": "Er bestaat al een met deze sleutel.",
    "niet_verwerkbaar": "Goed gevormd, maar een regel van het domein weigert het.",
    "voorwaarde_niet_vervuld": "If-Match past niet bij de huidige versie.",
    "versie_vereist": "Een wijziging vraagt If-Match (of `versie`) met de versie die je las (428).",
    "versie_verouderd": "De versie die je stuurt is niet meer de huidige: lees opnieuw.",
    "idempotency_key_hergebruikt": "Deze Idempotency-Key hoorde bij een ander verzoek.",
    "te_groot": "Het bestand of verzoek is groter dan toegestaan.",
    "type_niet_toegestaan": "Dit soort bestand (naar zijn inhoud) wordt niet aangenomen.",
    "te_veel_verzoeken": "Te veel verzoeken: wacht `Retry-After` seconden.",
    "interne_fout": "Onverwachte fout; noem de correlationId bij de beheerder.",
    "database_onbereikbaar": "De database antwoordt niet; er is niets opgeslagen. Probeer het opnieuw (503).",
    "opslaan_onzeker": "De database viel weg tijdens het vastleggen: misschien opgeslagen. Controleer, of herhaal met "
    "dezelfde Idempotency-Key.",
    "nats_onbereikbaar": "De berichtenbus antwoordt niet (503).",
    "sleutels_onbereikbaar": "De sleutels van de identiteitsprovider zijn niet op te halen (503).",
    "verbinding_verbroken": "De dienst verbrak de verbinding; een wijziging is misschien toegepast.",
    "ongeldige_url": "Geen geldige URL.",
    "onbekend": "Een genoemde waarde (een gemeente, een code) is niet bekend; `invalidParams` noemt ze.",
    "rijen_ongeldig": "Een upload heeft foute rijen, elk genoemd; er is niets van opgeslagen.",
    "vereist": "Een veld dat hier nodig is, ontbreekt.",
    "leeg": "Leeg, waar iets nodig is.",
    "dubbel": "Dezelfde waarde komt twee keer voor.",
    "wijkt_af": "Wijkt af van wat al vastligt (de IBAN van een rekening, een regel van een bestand).",
    "niet_toegestaan": "Deze waarde is hier niet toegestaan.",
    "in_verleden": "Een datum die al voorbij is.",
    "voor_begin": "Een datum voor het begin van de looptijd.",
    "na_einde": "Een datum na het einde van de looptijd.",
    "kolommen_ontbreken": "Het bestand mist kolommen; de verwachte staan in `detail`.",
    # sporen
    "nummer_bezet": "Dit nummer is al in gebruik.",
    "raakvlak_zelf": "Een spoor kan geen raakvlak met zichzelf hebben.",
    "raakvlak_onbekend": "Het spoor van het raakvlak bestaat niet.",
    "over_niets": "Een waarneming moet over een spoor of indicator gaan.",
    # indicatoren
    "catalogus_ongeldige_rij": "Een rij van de catalogus is ongeldig.",
    "gebieden_ongeldig": "Het gebiedenregister heeft foute rijen of features.",
    "index_ongeldig": "De definitie van de index klopt niet.",
    "niet_aggregeerbaar": "Deze indicator telt niet op over gebieden.",
    "noemer_onbekend": "De noemer van deze indicator is geen indicator.",
    "statline_geen_koppeling": "Deze StatLine-tabel is nog aan geen indicator gekoppeld.",
    "statline_koppeling": "Een koppeling past niet bij de tabel; de keuzes staan erbij.",
    "statline_niet_bereikbaar": "Dit platform bereikt CBS niet: upload de download.",
    "statline_onbereikbaar": "CBS antwoordt niet; probeer het later (503).",
    # financien
    "al_vastgesteld": "De begroting is al vastgesteld.",
    "ander_jaar": "Deze post hoort bij een ander jaar.",
    "post_onbekend": "Deze begrotingspost bestaat niet.",
    "zelfde_post": "Een verschuiving van een post naar zichzelf.",
    "ontoereikend": "Er is niet genoeg ruimte op de post.",
    "ambitie_onbekend": "Deze ambitie is niet bekend.",
    "niet_gereserveerd": "Er is voor deze aanvraag niets gereserveerd.",
    "geen_plafond": "Er is geen subsidieplafond vastgesteld.",
    "plafond_overschreden": "Het subsidieplafond is bereikt.",
    "deelplafond_overschreden": "Het deelplafond is bereikt.",
    "bedrag_vastgelegd": "Het bedrag van de reservering ligt vast.",
    "iv3_bron": "De bron van het Iv3-bestand is onbekend.",
    "iv3_ongeldige_rij": "Een rij van het Iv3-bestand is ongeldig.",
    # gesprekstafels
    "cyclus_onbekend": "Er is geen cyclus van dit jaar.",
    "fase_gesloten": "Deze fase is gesloten.",
    "fase_niet_gepland": "Deze fase is niet gepland.",
    "fase_niet_open": "Deze fase is niet open.",
    "fase_vereist": "Een eerdere fase moet eerst zijn afgerond; `Retry-After` waar alleen een event ontbreekt.",
    "fase_wacht_op_event": "De fase wacht op een bericht van een andere dienst.",
    "uitvraag_niet_concept": "De uitvraag is niet meer in concept.",
    "uitvraag_open": "De uitvraag is nog open.",
    "uitvraag_dicht": "De uitvraag is gesloten.",
    "niet_in_uitvraag": "Dit hoort niet bij de uitvraag (een deelplafond, een indicator).",
    "te_laat": "Na de deadline (Europe/Amsterdam).",
    "niet_concept": "De aanvraag is niet meer in concept.",
    "ongeldige_overgang": "Deze statusovergang is niet toegestaan; de toegestane staan in `detail`.",
    "eerdere_aanvraag_eerst": "Een eerder ingediende aanvraag gaat voor.",
    "score_ontbreekt": "Een rangschikking vraagt een score.",
    "rang_bezet": "Deze rang is al gegeven.",
    "reservering_in_behandeling": "De reservering wacht op financien; `Retry-After` zegt wanneer opnieuw.",
    "reservering_niet_bevestigd": "Financien heeft de reservering niet bevestigd.",
    "plafond_te_laag": "Het plafond is lager dan wat al is toegekend.",
    "geen_toekenning": "Er is geen toekenning.",
    "geen_verantwoording": "Er is geen verantwoording om op vast te stellen.",
    "accountantsverklaring_ontbreekt": "Een financieel verslag vraagt een accountantsverklaring als bijlage.",
    "mandaat_ontoereikend": "Dit bedrag gaat boven het mandaat van de besluitvormer.",
    "eigen_mandaat": "Niemand wijzigt zijn eigen mandaat.",
    "wacht_op_tweede_besluitvormer": "Het besluit wacht op een tweede besluitvormer.",
    "zelfde_besluitvormer": "De tweede besluitvormer moet een ander zijn.",
    "zelfde_persoon": "Functiescheiding: dezelfde persoon mag deze stap niet ook zetten.",
    "functiescheiding": "Functiescheiding weigert deze stap voor deze persoon.",
    "voorstel_niet_open": "Dit besluitvoorstel is niet meer open.",
    "wijziging_niet_open": "Deze mandaatwijziging is niet meer open.",
    "niets_te_betalen": "Er is niets te betalen.",
    "bankrun_geweigerd": "Het bankbestand heeft regels die niet passen; elk genoemd.",
    "rekening_onbekend": "Er is geen bankrekening van deze houder.",
    "ongeldige_iban": "Geen geldige IBAN (controlegetal of landcode).",
}

#: Codes the web framework makes from an HTTP status (`http_404`, `http_405`): language-neutral.
HTTP_PREFIX = "http_"


def known(code: str) -> bool:
    return code in FOUTCODES or code.startswith(HTTP_PREFIX)
