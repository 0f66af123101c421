"""What a refused value should have been, in words a user reads: Dutch by default, English with `Accept-Language: en`.

pydantic says `String should match pattern '^\\d{4}(S[12]|Q[1-4]|…)?$'` or `Input should be a valid integer`; a screen
needs `verwacht een periode als 2024, 2024S1, 2024Q3 of 202403` and `verwacht een geheel bedrag in eurocenten,
bijvoorbeeld 250000 voor € 2.500,00`. One translation of every kind of validation error (pydantic's `type`), with an
example wherever a shape is asked, and never a regular expression. The error `code` stays pydantic's (one vocabulary,
documented by pydantic), the `reason` is this module's.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from typing import Any

#: The language of the current request's answers: `nl` unless the caller prefers English.
LANGUAGE: ContextVar[str] = ContextVar("language", default="nl")


def language_of(accept_language: str | None) -> str:
    """`en` when the caller's first preference is English (`en`, `en-GB`, …), else Dutch."""
    if not accept_language:
        return "nl"
    first = accept_language.split(",")[0].split(";")[0].strip().lower()
    return "en" if first.startswith("en") else "nl"


#: Shapes asked by a pattern, by what the pattern contains: (Dutch, English), each with an example.
_SHAPES: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"S\[12\].*Q\[1-4\]"),
        "een periode als 2024, 2024S1, 2024Q3 of 202403",
        "a period such as 2024, 2024S1, 2024Q3 or 202403",
    ),
    (
        re.compile(r"\(S\[12\]\)\?\$"),
        "een jaar als 2020 of een halfjaar als 2020S2",
        "a year such as 2020 or a half year such as 2020S2",
    ),
    (re.compile(r"S\[12\]"), "een halfjaar als 2020S2", "a half year such as 2020S2"),
    (
        re.compile(r"GM.*WK.*BU"),
        "een CBS-gebiedscode als GM0193, WK019301 of BU01930101",
        "a CBS area code such as GM0193, WK019301 or BU01930101",
    ),
    (re.compile(r"\^GM\\d\{4\}\$"), "een CBS-gemeentecode als GM0193", "a CBS municipality code such as GM0193"),
    (
        re.compile(r"^\^\\d\{8\}\$$"),
        "8 cijfers, bijvoorbeeld 12345678 (een KvK-nummer)",
        "8 digits, for example 12345678 (a KvK number)",
    ),
    (
        re.compile(r"0\[1-9\]\|1\[0-2\]\)\)\?\$$"),
        "een maand als 2019-01, of een jaar als 2019",
        "a month such as 2019-01, or a year such as 2019",
    ),
    (re.compile(r"\\d\{4\}-\\d\{4\}"), "twee jaren als 2020-2024", "two years such as 2020-2024"),
    (re.compile(r"\[\.,\]"), "een getal als 31,5 of 31.5", "a number such as 31,5 or 31.5"),
    (re.compile(r"\\d\{1,2\}\\\.\\d"), "een taakveld als 6.1 of 6.71a", "a task field such as 6.1 or 6.71a"),
    (re.compile(r"\^\\d\{4\}\$"), "een jaar als 2024", "a year such as 2024"),
    (re.compile(r"^\^\[A-Z\]\$$"), "één hoofdletter, bijvoorbeeld A", "one capital letter, for example A"),
    (
        re.compile(r"\[A-Z\]\{6\}"),
        "een BIC van 8 of 11 tekens, bijvoorbeeld INGBNL2A",
        "a BIC of 8 or 11 characters, for example INGBNL2A",
    ),
    (
        re.compile(r"\[A-Za-z|\[\\w|\[a-z\]"),
        "een code van letters, cijfers, punten en streepjes, bijvoorbeeld S1-K06",
        "a code of letters, digits, dots and dashes, for example S1-K06",
    ),
]
#: `^(les|resultaat)$`: one of these words; `^(a|b)(,(a|b))*$`: some of them, separated by commas.
_WORDS = re.compile(r"^\^\(([a-z-]+(?:\|[a-z-]+)+)\)(\(,\(\1\)\)\*)?\$$")
_FALLBACK_SHAPE = (
    "een waarde in de vorm die de API-documentatie bij dit veld noemt",
    "a value in the form the API documentation gives for this field",
)


def _shape(pattern: str, language: str) -> str:
    words = _WORDS.match(pattern)
    if words:
        listed = ", ".join(words.group(1).split("|"))
        first = words.group(1).split("|")
        if words.group(2):
            example = ",".join(first[:2])
            return (
                f"een of meer van: {listed}, gescheiden door komma's, bijvoorbeeld {example}"
                if language == "nl"
                else f"one or more of: {listed}, separated by commas, for example {example}"
            )
        return (
            f"een van: {listed}, bijvoorbeeld {first[0]}"
            if language == "nl"
            else f"one of: {listed}, for example {first[0]}"
        )
    for found, dutch, english in _SHAPES:
        if found.search(pattern):
            return dutch if language == "nl" else english
    return _FALLBACK_SHAPE[0] if language == "nl" else _FALLBACK_SHAPE[1]


def _is_money(field: str) -> bool:
    return field.lower().endswith("cent")


def _listed(values: Any) -> str:
    """pydantic's `'a', 'b' or 'c'` (or a list) as `a, b of c`."""
    text = str(values)
    items = re.findall(r"'([^']*)'", text) or [text]
    return ", ".join(items)


def reason(err: dict[str, Any], field: str, language: str | None = None) -> str:
    """What the value of `field` should have been, for one of pydantic's errors, in the request's language."""
    nl = (language or LANGUAGE.get()) == "nl"
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    money = _is_money(field)

    def say(dutch: str, english: str) -> str:
        return dutch if nl else english

    if money and kind in {"int_type", "int_parsing", "int_from_float", "float_type", "decimal_type", "string_type"}:
        return say(
            "verwacht een geheel bedrag in eurocenten (een getal, geen tekst), bijvoorbeeld 250000 voor € 2.500,00",
            "expected a whole amount in euro cents (a number, not text), for example 250000 for EUR 2,500.00",
        )
    if kind == "missing":
        return say("verplicht veld: het ontbreekt", "required field: it is missing")
    if kind == "extra_forbidden":
        return say(
            "onbekend veld: laat het weg of controleer de spelling", "unknown field: leave it out or check its spelling"
        )
    if kind == "string_pattern_mismatch":
        return say(
            f"verwacht {_shape(str(ctx.get('pattern', '')), 'nl')}",
            f"expected {_shape(str(ctx.get('pattern', '')), 'en')}",
        )
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return say(
            "verwacht een geheel getal (een getal, geen tekst), bijvoorbeeld 2024",
            "expected a whole number (a number, not text), for example 2024",
        )
    if kind in {"float_type", "float_parsing", "decimal_type", "decimal_parsing"}:
        return say("verwacht een getal, bijvoorbeeld 31.5", "expected a number, for example 31.5")
    if kind in {"decimal_max_digits", "decimal_max_places", "decimal_whole_digits"}:
        return say(
            "verwacht een getal met hoogstens 6 decimalen, bijvoorbeeld 31.5",
            "expected a number with at most 6 decimals, for example 31.5",
        )
    if kind in {"string_type", "string_sub_type"}:
        return say(
            'verwacht een tekst tussen aanhalingstekens, bijvoorbeeld "Buurtwerk"',
            'expected a text in quotes, for example "Buurtwerk"',
        )
    if kind in {"bool_type", "bool_parsing"}:
        return say("verwacht true of false", "expected true or false")
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}:
        return say(
            "verwacht een datum als 2024-03-31 (jaar-maand-dag)", "expected a date such as 2024-03-31 (year-month-day)"
        )
    if kind in {"datetime_type", "datetime_parsing", "datetime_from_date_parsing"}:
        return say(
            "verwacht een tijdstip als 2024-03-31T14:30:00+02:00", "expected a moment such as 2024-03-31T14:30:00+02:00"
        )
    if kind in {"uuid_type", "uuid_parsing", "uuid_version"}:
        return say(
            "verwacht een id als 3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "expected an id such as 3fa85f64-5717-4562-b3fc-2c963f66afa6",
        )
    if kind in {"list_type", "tuple_type", "set_type"}:
        return say(
            'verwacht een lijst tussen [ ], bijvoorbeeld ["a", "b"]', 'expected a list in [ ], for example ["a", "b"]'
        )
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return say("verwacht een object tussen { }", "expected an object in { }")
    if kind == "string_too_short":
        return say(
            f'te kort: minstens {ctx.get("min_length", 1)} teken(s), bijvoorbeeld "x"',
            f'too short: at least {ctx.get("min_length", 1)} character(s), for example "x"',
        )
    if kind == "string_too_long":
        return say(
            f"te lang: hoogstens {ctx.get('max_length')} tekens",
            f"too long: at most {ctx.get('max_length')} characters",
        )
    if kind == "too_short":
        return say(
            f"te weinig: minstens {ctx.get('min_length', 1)} element(en)",
            f"too few: at least {ctx.get('min_length', 1)} item(s)",
        )
    if kind == "too_long":
        return say(
            f"te veel: hoogstens {ctx.get('max_length')} elementen", f"too many: at most {ctx.get('max_length')} items"
        )
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": ("minstens", "at least"),
            "greater_than": ("groter dan", "greater than"),
            "less_than_equal": ("hoogstens", "at most"),
            "less_than": ("kleiner dan", "less than"),
        }[kind]
        unit = say(" eurocent", " euro cents") if money else ""
        return say(f"verwacht {words[0]} {bound}{unit}", f"expected {words[1]} {bound}{unit}")
    if kind in {"literal_error", "enum"}:
        return say(
            f"verwacht een van: {_listed(ctx.get('expected', ''))}",
            f"expected one of: {_listed(ctx.get('expected', ''))}",
        )
    if kind == "json_invalid":
        return say("geen geldige JSON", "not valid JSON")
    if kind in {"value_error", "assertion_error"}:
        return re.sub(r"^(Value error|Assertion failed), ", "", str(err.get("msg", "")))
    if kind.startswith("url_"):
        return say(
            "verwacht een adres als https://ontvanger.example.nl/notificaties",
            "expected an address such as https://receiver.example.org/notifications",
        )
    if kind in {"union_tag_invalid", "union_tag_not_found"}:
        return say("verwacht een van de vormen die de API-documentatie bij dit veld noemt", "expected one of the forms "
                   "the API documentation gives for this field")  # fmt: skip
    return say("verwacht een geldige waarde voor dit veld", f"expected a valid value for this field ({err.get('msg')})")
