"""Zwolle's reform agenda as seed data, transcribed from the sources in `../shared/seeds/`:

- tracks 1–5: the per-track summaries of the second half-year report 2020 (`001_…`, "Spoor N Samenvatting");
  track 6: the agenda itself (`000_…`, "Spoor 6: Eén gezin, één plan"), as the report defers it;
- progress 2020S1: "Gerealiseerd eerste halfjaar 2020" of each summary, and its highlighted cases;
- movements A–D: `000_…` section 5, with intended effects and good examples;
- ambitions 1–3, attention groups, the 2020 city/neighbourhood tasks: the vision on the sociale basis (`002_…`);
- risks 2020S2: the risk profiles per track (`001_…` section 10). The source weighs only track 1's financial
  risk (low) and quantifies none in euros, so the others carry no weight or amount; the parts each risk is scored
  on are read from the profile's text.

Amounts are in euro cents. Texts are the source's own words (line breaks of the PDF undone).
"""

from __future__ import annotations

from typing import Any

MLN = 100_000_000  # € 1 mln in cents

SPOREN: list[dict[str, Any]] = [
    {
        "nummer": 1,
        "naam": "Sterke sociale basis",
        "probleem": "Onvoldoende integrale blik, visie en sturing op initiatieven en preventie in de sociale basis. "
        "Te weinig oog voor en leren van resultaten en wat wel/niet werkt.",
        "hervormingen": [
            "Meer samenhang aanbrengen in aanbod, initiatieven en dienstverlening met focus op preventie",
            "Meer regie door de gemeente om sociale basis toe te rusten op sociale opgaven",
            "Sturing meer baseren op beschikbare data en feedback partners en inwoners",
            "Meer versterken bestaande initiatieven voor verhoogde inclusiviteit",
            "Meer ruimte voor initiatieven uit samenleving en sociaal ondernemerschap",
        ],
        "doelgroep": {
            "omschrijving": "De sociale basis is toegankelijk voor alle inwoners van Zwolle. In de praktijk zullen "
            "vooral de mensen die (tijdelijk) ondersteuning nodig hebben daar gebruik van maken.",
        },
        "financieel_kader": {
            "toelichting": "Budget programma 1: € 37 mln (saldo baten en lasten begroting 2020). "
            "Geen financiële opgaven in de hervormingsagenda.",
            "budget_cent": 37 * MLN,
            "budget_omschrijving": "Budget programma 1 (saldo baten en lasten begroting 2020)",
        },
        "stakeholders": [
            "Inwoners",
            "Sport-, cultuur- en welzijnspartijen",
            "Adviesraden",
            "Vrijwilligersorganisaties",
            "Afdelingen gemeente",
            "Zorgaanbieders",
            "GGD",
            "Scholen",
        ],
        "raakvlakken": {
            2: "Beschermd wonen (faciliteren activatie en contacten)",
            3: "Jeugd (preventie)",
            4: "Participatie (dagbesteding, maatschappelijke participatie)",
            5: "Wonen (passend wonen)",
        },
        "gewenste_resultaten": [
            "Inwoners vinden (dicht bij huis) benodigde ondersteuning",
            "Signalen inwoners worden eerder opgepikt en opgepakt, erger voorkomen",
            "Afname specialistische/ zwaardere zorg",
            "Langer/eerder zelfredzaam zijn en zelfstandig thuis wonen",
            "Inclusieve(re) activiteiten, netwerken en wijken",
        ],
        "uitdagingen": [
            "Veel stakeholders betrokken, communicatie aandachtspunt",
            "Loopt door verschillende portefeuilles van wethouders",
            "Voldoende oog houden voor wat er al is",
        ],
        "beinvloedbaar": [
            "Activiteiten van gesubsidieerde partijen",
            "Integraliteit en samenwerking in het aanbod en initiatieven",
        ],
        "niet_beinvloedbaar": [
            "Effecten coronacrisis",
            "Burgerinitiatieven, vrijwilligers",
            "Onderwijs, zorgverzekeraars, werkgevers",
        ],
        "gerealiseerd_2020s1": "We hebben de eerste contouren van de visie en het beoogde proces met de partners "
        "besproken. Van daaruit is de visie verder vormgegeven aan de hand van drie integrale ambities. Ook hebben we "
        "een duidelijk sturingskader beschreven, waarmee we als stad gerichter kunnen sturen en prioriteren.",
        "uitgelicht_2020s1": [
            {
                "titel": "SamenOuderen",
                "tekst": "In tijden van Corona bleken initiatieven in de sociale basis flexibel en wendbaar. Dankzij "
                "de flexibele mogelijkheden en de goede basis in de stad kwam in het eerste weekend na de lockdown "
                "De Kletslijn van de grond: ouderen konden beeldbellen met elkaar, met WijZ Welzijn en met "
                "vrijwilligers.",
                "bron": "Marlous Holster, WijZ Welzijn; artikel van Harrie Kiekebosch op www.samenvoorelkaar.nl",
            },
            {
                "titel": "Samenwerking voor jongeren",
                "tekst": "De gemeente Zwolle heeft in samenwerking met PEC Zwolle United, Hedon/Travers Welzijn en "
                "SportService Zwolle het initiatief genomen voor een online jongerenplatform, waarop Zwolse jongeren "
                "informatie en activiteiten kunnen vinden om de Coronacrisis door te kunnen komen.",
                "bron": "rtvoost.nl",
            },
        ],
    },
    {
        "nummer": 2,
        "naam": "WMO: Van beschermd wonen naar beschermd thuis",
        "probleem": "Nog te veel te zware en dure zorg te ver weg van thuis, terwijl lichtere vormen voor dezelfde "
        "resultaten kunnen zorgen.",
        "hervormingen": [
            "Inwoners kunnen langer thuis wonen of eerder weer zelfstandig wonen met passende hulp",
            "Inrichten lichtere vormen ondersteuning in aansluiting op thuisondersteuning",
            "Inclusieve wijken en voldoende geschikte woningen",
            "Werken vanuit totaaloplossing, dus afstemmen op dagbesteding, inkomen en sociale contacten.",
            "Verleggen financiële verantwoordelijkheid van centrumgemeente naar alle gemeenten uit de regio",
            "Toewijzing cliënten naar passend zorgprofiel",
        ],
        "doelgroep": {
            "omschrijving": "Inwoners met psychiatrische danwel psychosociale problematiek die toezicht en/of "
            "begeleiding nodig hebben om mee te kunnen doen in de samenleving",
            "kenmerken": ["Aantal nu: ca. 1200 regionaal", "Richting WLZ in 2021: ca. 300"],
        },
        "financieel_kader": {
            "toelichting": "Budget regionaal: € 77 mln. Totale besparing: € 2,65 mln. Gerealiseerd: € 1,4 mln en "
            "€ 0,25 mln incidenteel. Nog realiseren (2020-2024): € 1,0 mln.",
            "budget_cent": 77 * MLN,
            "budget_omschrijving": "Budget regionaal",
            "besparing_totaal_cent": 265_000_000,
            "gerealiseerd_cent": 165_000_000,
            "gerealiseerd_structureel_cent": 140_000_000,
            "gerealiseerd_incidenteel_cent": 25_000_000,
            "nog_te_realiseren_cent": 100_000_000,
            "realisatie_periode": "2020-2024",
        },
        "stakeholders": [
            "Cliënten(vertegenwoordigers)",
            "Centrale Toegang",
            "Zorgaanbieders WMO",
            "Regiogemeenten",
            "Lokale toegang/ wijkteams",
            "Zorgverzekeraars/ zorgkantoor",
            "Verwijzers instroom cliënten (Jeugd, GGZ, DJI)",
            "Toezichthouders",
        ],
        "raakvlakken": {
            1: "Sterke sociale basis (activatie, contacten)",
            3: "Jeugd (overgang jeugdzorg)",
            4: "Participatie (dagbesteding, inkomen en werk)",
            5: "Wonen (beschikbare passende woningen)",
        },
        "gewenste_resultaten": [
            "Passende zorg voor de doelgroep",
            "Match zorgvraag en woonplek",
            "Geen gedwongen verhuizing",
            "Oog draagkracht omgeving",
            "Beheersbare uitgaven",
        ],
        "uitdagingen": [
            "Voldoende passende woningen, vooral in de regio",
            "Inclusieve wijken/ draagkracht",
            "Heldere criteria nodig voor zorgprofielen en reële tarieven",
            "Wmo-verordening en beoordelingskader CT juridisch houdbaar krijgen",
        ],
        "beinvloedbaar": [
            "Ontwikkelen nieuwe zorgprofielen en woonvarianten",
            "Ontwikkelen Sterke Sociale Basis",
            "Versterken samenwerking",
        ],
        "niet_beinvloedbaar": [
            "Effecten coronacrisis",
            "Nieuwe verdeelmodel vanaf 2022",
            "Beschikbaarheid passende woningen",
        ],
        "gerealiseerd_2020s1": "Er heeft een uitwerking plaatsgevonden van de regionale toekomstvisie, samen met "
        "de gemeenten IJssel-Vecht. Er is gestart met de contractering van de zorg in 2021 met meer mogelijkheden "
        "voor plekken begeleid wonen om de beweging van beschermd wonen naar begeleid wonen te stimuleren en om meer "
        "variatie in het zorglandschap te borgen. Er is een start gemaakt met het ontwikkelen van woon/zorgprofielen "
        "om de beweging van apart naar gewoon te realiseren.",
        "uitgelicht_2020s1": [
            {
                "titel": "Casus beschrijving: Yohanna",
                "tekst": "Yohanna is een jongvolwassene, net 18 geworden, die nog enige begeleiding nodig heeft om "
                "woon- en financiële vaardigheden onder de knie te krijgen. Passende en betaalbare woningen zijn "
                "schaars voor jongeren; zij kan niet in het gezinsvervangend tehuis blijven en doet een beroep op "
                "beschermd wonen, terwijl een vorm van wonen met ambulante ondersteuning meer passend zou zijn.",
            }
        ],
    },
    {
        "nummer": 3,
        "naam": "Jeugd: Herstel in het gewone leven",
        "probleem": "Gezinnen vinden (eenvoudige) ondersteuning nog te laat. Via huisartsen en scholen nog te "
        "vaak/makkelijk verwijzing naar zwaardere jeugdhulp. Aanbod nog te weinig vraag- en resultaatgericht en "
        "vanuit dezelfde visie.",
        "hervormingen": [
            "Normaliseren opvoedingsuitdagingen",
            "Meer focus op preventie en eenvoudige hulp dichtbij",
            "Doorgaande ontwikkelingslijn, aangesloten bij dagelijks leven",
            "Hulp meer in samenhang aanbieden",
            "Van aanbod- en productgericht naar vraag- en resultaatgericht aanbod",
        ],
        "doelgroep": {
            "omschrijving": "Focus op kwetsbare gezinnen en jongeren.",
            "kenmerken": ["Jaarlijks krijgen ca. 3400 jeugdigen een vorm van jeugdzorg, waarvan 480 met verblijf"],
        },
        "financieel_kader": {
            "toelichting": "Budget lokaal 2020: € ca. 37 mln. Oorspronkelijke besparing: € 4,7 mln. "
            "Gerealiseerd: € 0,95 mln. Nog realiseren (2020-2024): € 3,75 mln.",
            "budget_cent": 37 * MLN,
            "budget_omschrijving": "Budget lokaal 2020 (ca.)",
            "besparing_totaal_cent": 470_000_000,
            "gerealiseerd_cent": 95_000_000,
            "nog_te_realiseren_cent": 375_000_000,
            "realisatie_periode": "2020-2024",
        },
        "stakeholders": [
            "Cliënten",
            "Sociale Wijkteams",
            "Huisartsen",
            "Welzijnsorganisaties",
            "Scholen",
            "Kinderopvang",
            "Jeugdhulpaanbieders",
            "Jeugdbescherming en -reclassering",
            "Regiogemeenten",
            "Regionaal Serviceteam Jeugd",
            "Rijk",
        ],
        "raakvlakken": {
            1: "Sterke sociale basis (activatie, contacten)",
            2: "Beschermd wonen (overgang jeugdzorg)",
            4: "Participatie (dagbesteding, opleiding en werk)",
            5: "Wonen (beschikbare passende woningen)",
        },
        "gewenste_resultaten": [
            "Minder schooluitval en meer participatie",
            "Verhoogde veiligheid leefomgeving",
            "Eerder passende hulp beschikbaar, mede door passende verwijzing",
            "Afname zware zorg waar mogelijk",
            "Duurzamere effecten van de hulp door betere aansluiting bij dagelijks leven",
        ],
        "uitdagingen": [
            "Beperkte invloed op regio",
            "Beperkte invloed op verwijzers, terwijl gemeente wel verplicht de rekening van de toegewezen zorg betaalt",
            "Belang preventie is niet makkelijk aan te tonen",
        ],
        "beinvloedbaar": [
            "Inrichten preventie",
            "Samenwerking SWT-contractmanagement-beleid-zorgaanbieders",
            "Lokale budgetten",
        ],
        "niet_beinvloedbaar": [
            "Effecten coronacrisis",
            "Verwijzing door GI’s, scholen en huisartsen",
            "Inkoopmodel RSJ",
            "Budget en maatregelen Rijk",
        ],
        "gerealiseerd_2020s1": "• Aanpak ontwikkeld o.a. gericht op voorkomen complexe scheidingen\n"
        "• Start praktijkklas op de Ambelt met dubbele begeleiding (onderwijs en jeugdhulp)\n"
        "• Bieden (tijdelijk) extra ambulante ondersteuning op BSO-locaties\n"
        "• Advies t.a.v. scenario’s dyslexie\n"
        "• Gestart met het ontwikkelen van nieuwe ambulante alternatieven tbv inkoopmodel jeugdhulp (2022)\n"
        "• Opstellen regionale businesscases tav besparingsmogelijkheden in 2021 binnen huidige inkoopmodel",
        "interventies": [
            {"naam": "Preventie", "omschrijving": "Actielijn preventie, o.a. de Zwolse aanpak complexe scheidingen."},
            {"naam": "Toegang", "omschrijving": "Actielijn toegang."},
            {"naam": "Passende jeugdhulp", "omschrijving": "Actielijn passende jeugdhulp."},
        ],
    },
    {
        "nummer": 4,
        "naam": "Participatie: verzilveren potentie",
        "probleem": "Het potentieel van inwoners die langs de kant staan zonder werk wordt nog onvoldoende gezien "
        "en verzilverd.",
        "hervormingen": [
            "Meer regie voor de inwoner",
            "Integrale toegang (niet per se fysiek): vanuit zelfde visie ondersteunen en verwijzen",
            "Bieden divers aanbod laagdrempelige werkplekken",
            "Meer denken vanuit de totaaloplossing (creatief denken en soms afwijken van de regels)",
        ],
        "doelgroep": {
            "omschrijving": "Kwetsbare inwoners voor wie extra inspanning nodig is om op arbeidsmarkt te komen.",
            "kenmerken": ["Uitkeringsgerechtigden bijstand: 3614 in januari 2020, 3771 in juli 2020"],
        },
        "financieel_kader": {
            "toelichting": "Financiële opbrengsten of besparingen vallen niet binnen het kader van de "
            "hervormingsagenda.",
        },
        "stakeholders": [
            "Tiem",
            "Werkgevers en onderwijs en andere publiek-private partners",
            "Inkomensondersteuning",
            "Sociaal wijkteam",
            "Partijen Sterke sociale basis",
        ],
        "raakvlakken": {
            1: "Sterke sociale basis (activatie, netwerk)",
            2: "Beschermd wonen (randvoorwaarde Beschermd thuis)",
            3: "Jeugd (daginvulling, opleiding, werk)",
        },
        "gewenste_resultaten": [
            "Soepele overgang tussen school en werk",
            "Stappen zetten met helderheid over financiële impact, stapje terug ook mogelijk.",
            "Werkplekken die passen bij behoefte inwoner",
        ],
        "uitdagingen": [
            "Grote invloed Corona op werkgelegenheid",
            "Werken vanuit dezelfde visie",
            "Zorgen dat inwoner geen last heeft van de achterliggende verschillende wetten en regelingen",
            "Verwevenheid HCA en arbeidsmarktbeleid",
            "Geschotte budgetten",
        ],
        "beinvloedbaar": [
            "Uitvoering: IO, Tiem, SWT, Rmc en RBZ",
            "Aansturing betaalde partners",
            "Versterken samenwerking",
        ],
        "niet_beinvloedbaar": [
            "Effecten coronacrisis",
            "Werkgevers en opleiders",
            "Ontwikkelingen economie en arbeidsmarkt",
        ],
        "gerealiseerd_2020s1": "Vernieuwende aanpakken vanuit de participatieketen in aansluiting op de sterke "
        "sociale basis. Voorbereidingen en verkenningen op creëren van integrale toegang, integrale aanpak en het "
        "creëren van laagdrempelige werkplekken.",
    },
    {
        "nummer": 5,
        "naam": "Wonen als sleutelfactor",
        "probleem": "Ter compensatie van een tekort aan betaalbare, geschikte woningen en/of woon(zorg)vormen worden "
        "duurdere zorgvormen ingezet (waarin wonen en zorg zijn gecombineerd) of zijn duurdere woningaanpassingen "
        "noodzakelijk.",
        "hervormingen": [
            "Integreren wonen, zorg en welzijn",
            "Beweging richting inclusieve wijken",
            "Meer aandacht voor toekomstbestendige woningen en woonvormen",
            "Diversiteit aan woonvarianten",
            "Integrale gebiedsaanpak",
            "Toegankelijke fysieke omgeving",
            "Vitaal en waardig ouder worden",
            "Meer maatwerk",
        ],
        "doelgroep": {
            "kenmerken": [
                "Ouderen die ondersteuning nodig hebben bij langer zelfstandig/passend wonen",
                "Inwoners die vanwege een beperking een aangepaste woning nodig hebben",
                "Jongeren die ondersteuning nodig hebben om zelfstandig te wonen",
                "Inwoners die vanuit Beschermd wonen kunnen doorstromen naar vorm van zelfstandig wonen",
            ],
        },
        "financieel_kader": {
            "toelichting": "Budget: € 100.000,- incidenteel voor business cases en onderzoek. In dit spoor zelf hoeft "
            "geen besparing gerealiseerd te worden. Wel zijn de hervormingen voorwaardelijk voor de besparing in "
            "andere sporen.",
            "budget_cent": 10_000_000,
            "budget_omschrijving": "Incidenteel voor business cases en onderzoek",
        },
        "stakeholders": [
            "Cliënten(vertegenwoordigers)",
            "Woningcorporaties",
            "Regio gemeenten",
            "Zorgkantoor",
            "Zorgverzekeraar",
            "Zorg- en welzijnsaanbieders",
        ],
        "raakvlakken": {
            1: "Sterke sociale basis (Inclusieve wijken en betaalbare woningen)",
            2: "Beschermd wonen (beweging beschermd wonen naar beschermd thuis)",
            3: "Jeugd (betaalbare huisvesting voor niet-studerende jongeren)",
        },
        "gewenste_resultaten": [
            "Inwoners kunnen in alle fasen van hun leven zo veel mogelijk zelfstandig/passend wonen",
            "Meer levensloopbestendige woningen",
            "Meer inclusieve en toegankelijke wijken",
            "Balans zorgvraag en zorgaanbod in de regio. Evenwichtiger spreiding.",
        ],
        "uitdagingen": [
            "Mismatch uitstromers en beschikbare woningen",
            "Impact ambulantisering voor de buurt",
            "Invloed Corona op bouw woningen/ tekort betaalbare woningen",
            "Invloed regie op commerciële partijen",
        ],
        "beinvloedbaar": [
            "Prestatie-afspraken woningcorporaties en huurdersraden",
            "Systeem toewijzen (zorg)woningen (beperkter in vrije sector)",
        ],
        "niet_beinvloedbaar": [
            "Effecten coronacrisis op woningmarkt",
            "Economische ontwikkelingen",
            "Krapte op woningmarkt",
        ],
        "gerealiseerd_2020s1": "Er is een programma Wonen en Zorg geschreven met de volgende hoofdlijnen: "
        "A Voldoende geschikte woningen, B Passende zorg & ondersteuning, C Vitale, solidaire en gezonde stadsdelen. "
        "Daarnaast is geïnvesteerd in het afronden van een onderzoek naar de uitstroom uit beschermd wonen en "
        "maatschappelijke opvang, de voorbereiding van de pilot wooncoach en een verkenning naar de toekenning "
        "aangepaste woningen.",
    },
    {
        "nummer": 6,
        "naam": "Eén gezin, één plan",
        "status": "in-voorbereiding",
        "omschrijving": "Hoewel dit spoor al jarenlang een ambitie is en er ook al mooie stappen zijn gezet om hier "
        "invulling aan te geven, blijft de praktijk weerbarstig. Binnen de sporen van Wmo, jeugd en participatie "
        "zetten we stappen met integraal en resultaatgericht werken. Om echt te gaan werken met één plan, vraagt "
        "verdere ontschotting van budgetten en integraal aanbod. We overwegen om op korte termijn op dit gebied een "
        "pilot uit te zetten om zo te leren van de ervaringen die we opdoen. Dit spoor krijgt pas daarna verdere "
        "uitwerking. (In het tweede halfjaar van 2020 start een probleemanalyse.)",
    },
]

BEWEGINGEN: list[dict[str, Any]] = [
    {
        "code": "A",
        "naam": "Van apart naar gewoon",
        "omschrijving": "We kijken niet naar wat mensen mankeert, maar naar wat ze wél kunnen en wat ze nodig hebben "
        "om mee te doen in de samenleving. We hebben oog voor talent in plaats van de beperking. Maar dit betekent ook "
        "letterlijk dat we mensen niet apart gaan ondersteunen. We gebruiken juist de eigen omgeving om tot "
        "oplossingen te komen om weer mee te doen. We gaan ervan uit dat iedereen ertoe doet en iets te geven heeft.",
        "beoogde_effecten": [
            "Bandbreedte van wat wij normaal vinden vergroten",
            "Van achteraf oplossen naar voorkómen",
            "Meer ambulante ondersteuning in plaats van beschermde woonvormen",
            "Meer ondersteuning binnen het dagelijks leven in plaats van op een aparte therapie- of zorgplek",
            "Afname van zware en individuele zorg",
        ],
        "goede_voorbeelden": [
            "Cliënten van Frion die huishoudelijk hulp verlenen bij IJsselheem.",
            "Ondersteuningsteam op scholen.",
            "Tiem en Dimence maken werk onderdeel van herstel.",
        ],
    },
    {
        "code": "B",
        "naam": "Van deelprobleem naar totaaloplossing",
        "omschrijving": "We hebben oog voor de vraag achter de vraag. We lossen niet alleen een deelprobleem op, maar "
        "kijken ook naar wat er speelt op de andere leefgebieden. Vervolgens maken we één plan, stellen we "
        "prioriteiten en werken we samen met de inwoner, zijn netwerk en eventueel met partners aan oplossingen.",
        "beoogde_effecten": [
            "We hebben alle leefgebieden in beeld en lossen meerdere problemen van de persoon in samenhang op.",
            "Door een gerichte totaalaanpak is er minder stapeling van losse hulp en voorzieningen.",
        ],
        "goede_voorbeelden": [
            "Thuisondersteuning: samenvoegen van huishoudelijke hulp en individuele begeleiding.",
            "Gezamenlijke casusbespreking van het Sociaal wijkteam en de sociale recherche.",
        ],
    },
    {
        "code": "C",
        "naam": "Van zorgen voor naar zorgen dat",
        "omschrijving": "We betrekken veel meer de persoon en zijn sociale omgeving. Bij kinderen en jongeren zijn de "
        "ouders regievoerder en onderdeel van het behandelteam. We bedenken niet op voorhand wat de ander nodig heeft, "
        "maar bevragen dat en sluiten aan bij de persoonlijke behoefte. Zo zorgen we ervoor dat de ander zelf weer aan "
        "het roer komt of aan het roer blijft, vanuit een gelijkwaardige benadering.",
        "beoogde_effecten": [
            "Verschuiving van regie bij de zorg naar regie bij de inwoner (en zijn/haar omgeving).",
            "Verschuiving van aanbodgericht werken naar vraaggericht werken.",
            "De inwoner voelt zich meer serieus genomen en ervaart meer eigen regie.",
        ],
        "goede_voorbeelden": ["Het project ‘Lang zult u wonen’.", "Pilot ‘Check-in, jouw route’ van Tiem"],
    },
    {
        "code": "D",
        "naam": "Van individuele zorg naar samenbrengen van vragen",
        "omschrijving": "Door slimme verbindingen zorgen dat vragen die nu individueel invulling krijgen, meer in "
        "groepen worden beantwoord. Dat is nog steeds maatwerk, maar dan met de bonus van de wisselwerking met de "
        "groep. Want deelnemers kunnen elkaar versterken en doen wellicht nieuwe sociale contacten op.",
        "beoogde_effecten": [
            "Meer vragen worden in groepen beantwoord.",
            "Verschuiving van aanbodgericht werken naar vraaggericht werken.",
            "Versterken van onderlinge zorg (deelnemers helpen elkaar).",
        ],
        "goede_voorbeelden": [
            "De pilot ouderen dagbesteding.",
            "Groepsgewijze trainingen aan bijstandsgerechtigden en ouders.",
        ],
    },
]

AMBITIES: list[dict[str, Any]] = [
    {
        "nummer": 1,
        "naam": "Inwoners hebben betekenisvolle sociale contacten en daginvulling",
        "doelen": [
            "Inwoners zijn (zo veel en zo lang mogelijk) zelfredzaam, zelfstandig en participeren (bij voorkeur in "
            "betaald werk).",
            "Inwoners zetten zich in voor elkaar en hun omgeving.",
        ],
        "subsidiabele_activiteiten": [
            "Outreachend werk",
            "Vrijwilligersactiviteiten, maatjesprojecten, wijkverenigingen",
            "Informatie verschaffen over de sociale kaart",
            "Lichte (kortdurende) begeleiding bieden en waakvlamcontact",
            "Ontmoetingsplekken faciliteren",
        ],
        "huidige_dienstverlening": [
            "Goede dagen & Perspectief",
            "SamenZwolle",
            "vrijwilligersinzet",
            "mantelzorgondersteuning",
            "Maatjesprojecten",
            "ontmoetingsplekken",
            "maatschappelijke participatietrajecten",
        ],
    },
    {
        "nummer": 2,
        "naam": "Inwoners zijn vitaal en gezond",
        "doelen": [
            "We bevorderen een gezonde leefstijl",
            "We bieden gelijke kansen op gezondheid / we verkleinen gezondheidsachterstanden",
            "We bieden een gezonde leefomgeving.",
        ],
        "subsidiabele_activiteiten": [
            "sportverenigingen ondersteunen",
            "sportstimulering, bijvoorbeeld ook voor jongeren of aangepaste sporten",
            "jeugdgezondheidszorg",
            "publieke gezondheid",
            "leefstijl- en gezondheidsbevordering",
        ],
        "huidige_dienstverlening": [
            "Buurtsportcoaches",
            "Eerste 1000 dagen",
            "leefstijl- en gezondheidsbevordering",
            "beweeg- en speelmogelijkheden in wijken en buurten",
            "preventie verslavingszorg",
        ],
    },
    {
        "nummer": 3,
        "naam": "Inwoners hebben gelijke kansen op een zelfredzaam leven",
        "doelen": [
            "Inwoners beschikken over voldoende basisvaardigheden of worden daarin ondersteund",
            "We werken aan kansengelijkheid voor kwetsbare inwoners",
            "We bevorderen inclusiviteit en acceptatie verschillen in religie, geaardheid, lichamelijke en geestelijke "
            "beperkingen",
        ],
        "subsidiabele_activiteiten": [
            "tegengaan discriminatie",
            "vluchtelingenwerk",
            "bevorderen van digitale en leesvaardigheden",
            "financiële vaardigheden",
            "opvoedondersteuning",
            "inwonervertegenwoordiging",
        ],
        "huidige_dienstverlening": [
            "THINK op school",
            "antidiscriminatie",
            "ondersteuning voor mensen met taal- en basisvaardighedenachterstand",
            "cliëntondersteuning",
            "voorleesexpress",
            "Op Orde",
            "ondersteuning minimahuishoudens",
            "scheidingsloket",
            "vluchtelingenwerk",
            "toegankelijkheid voor mensen met een beperking",
        ],
    },
]

AANDACHTSGROEPEN: list[str] = [
    "Kinderen en jongeren",
    "Volwassenen",
    "Ouderen",
    "Psychisch kwetsbaar",
    "Schulden en armoede",
    "Nieuwkomers",
]

OPGAVEN_2020: list[dict[str, Any]] = [
    {"jaar": 2020, "naam": "Wijkaccommodaties", "soort": "stad-en-wijk"},
    {"jaar": 2020, "naam": "Veiligheid", "soort": "stad-en-wijk"},
    {"jaar": 2020, "naam": "Wonen en zorg", "soort": "stad-en-wijk"},
]

RISICOS_2020: dict[Any, Any] = {
    1: {
        "titel": "Continuïteit sociale basis door aflopende incidentele subsidies",
        "periode": "2020S2",
        "onderdelen": ["overige"],
        "weging": "laag",
        "toelichting": "Vrijwel uitsluitend gesubsidieerde activiteiten met een subsidieplafond; de toegang wordt "
        "gereguleerd op basis van het beschikbaar budget. Geen besparingsdoel en het financieel risico voor dit spoor "
        "zelf is laag, maar het spoor is randvoorwaardelijk voor de besparingen in de andere sporen. Dat de sociale "
        "basis deels met incidentele subsidies wordt gefinancierd die eind van dit jaar aflopen, leidt op korte "
        "termijn tot een risico voor de continuïteit van (een deel van) de sociale basis en daarmee voor het "
        "realiseren van de besparingen binnen de hervormingsagenda.",
    },
    2: {
        "titel": "Haalbaarheid besparingsdoel beschermd thuis",
        "periode": "2020S2",
        "onderdelen": ["rijksbudgetten"],
        "toelichting": "Beschermd wonen is een gesubsidieerde activiteit met een subsidieplafond. Het besparingsdoel "
        "loopt op naar € 1,25 mln. in 2024, gebaseerd op de omzetting van 90 plekken beschermd wonen naar beschermd "
        "thuis. De onzekerheid van de ontwikkeling van het rijksbudget en de verplichting tot samenwerking in de regio "
        "maken het ongewis of het besparingsdoel haalbaar blijft; beschikbaarheid van voldoende passende woonruimte "
        "en de beperkingen van het rijksbeleid zijn extra uitdagingen.",
    },
    3: {
        "titel": "Open einde Jeugdwet en autonome ontwikkelingen",
        "periode": "2020S2",
        "onderdelen": ["toegang-open-einderegelingen"],
        "toelichting": "De activiteiten in het kader van de Jeugdwet worden beïnvloed door het open einde karakter "
        "van de Jeugdwet, waarbij de toegang voor een belangrijk deel ligt bij de aangewezen verwijzers (huisartsen, "
        "medisch specialisten, jeugdartsen GGD, gecertificeerde instellingen en rechters). Het besparingsdoel loopt "
        "op naar € 3,75 mln. in 2024. Autonome ontwikkelingen zoals de ontwikkeling van de zorgvraag en de stijging "
        "van de tarieven kunnen het effect van de hervormingen tenietdoen.",
    },
    4: {
        "titel": "Toename aantal bijstandsgerechtigden",
        "periode": "2020S2",
        "onderdelen": ["toegang-open-einderegelingen"],
        "toelichting": "Het participatiebudget bestaat uit een budget voor bijstandsuitgaven, door het Rijk "
        "gefinancierd uit een specifieke uitkering (de BUIG), en een budget voor participatie en re-integratie uit de "
        "algemene uitkering. Geen besparingsdoel, maar randvoorwaardelijk voor de besparingen in de andere sporen. Door de "
        "toename van het aantal bijstandsgerechtigden moeten met dezelfde mensen en middelen meer inwoners bediend "
        "worden; dat kan voor een afname in kwantiteit of kwaliteit zorgen.",
    },
    5: {
        "titel": "Beschikbaarheid betaalbare woningen voor uitstroom uit BW en MO",
        "periode": "2020S2",
        "onderdelen": ["toegang-open-einderegelingen", "overige"],
        "toelichting": "Materiële voorzieningen (woningaanpassingen, hulpmiddelen, vervoersvoorzieningen) hebben een "
        "open-einde karakter; de toegang ligt bij het sociaal wijkteam. Geen besparingsdoel, maar essentieel voor de "
        "besparingen in de andere sporen. Indien er onvoldoende betaalbare en geschikte woningen beschikbaar komen, "
        "stagneert de uitstroom uit beschermd wonen en maatschappelijke opvang en neemt de druk op beschermd wonen "
        "toe. Extra woningen uit de huidige voorraad gaan ten koste van reguliere woningzoekers; meer woningen voor "
        "bijvoorbeeld jongeren betekent ook minder huurinkomsten voor de corporaties door de kwaliteitskortingsgrens, "
        "en corporaties kunnen de ruimte om af te wijken van passend toewijzen elders inzetten. De leefbaarheid in de "
        "wijk vraagt extra aandacht; ook daarover zijn afspraken nodig.",
    },
}
