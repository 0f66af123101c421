"""`publiccode.yml` follows the standard that developer.overheid.nl and OpenCatalogi read (publiccode.yml 0.5, the
core schema at https://yml.publiccode.tools/schema.core.html): its mandatory keys, enumerations, lengths, dates,
controlled vocabularies, an SPDX licence expression (`license-expression`, SPDX's list) and BCP 47 language tags
(`langcodes`). No official validator ships on PyPI or npm (the reference one is a Go program), so the test states the
standard's rules itself; `test_the_rules_refuse_what_the_standard_refuses` shows that they bite."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path

import langcodes
import pytest
import yaml
from license_expression import get_spdx_licensing

FILE = Path(__file__).resolve().parents[1] / "publiccode.yml"

DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPE = {
    "standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web", "standalone/backend",
    "standalone/other", "addon", "library", "configurationFiles",
}  # fmt: skip
MAINTENANCE = {"internal", "contract", "community", "none"}
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}  # others are allowed, these are the standard's own
#: The standard's controlled vocabularies (categories-list and scope-list), the tags this project could use.
CATEGORIES = {
    "budgeting", "business-intelligence", "data-analytics", "data-collection", "data-visualization",
    "financial-reporting", "grant-management", "workflow-management", "project-management", "compliance-management",
    "document-management", "knowledge-management", "resource-management", "task-management",
}  # fmt: skip
SCOPES = {
    "local-authorities", "welfare", "society", "employment", "healthcare", "education",
    "finance-and-economic-development",
}  # fmt: skip


def problems(doc: dict) -> list[str]:
    """Every way `doc` breaks the standard's core rules, a line each (empty: valid)."""
    found: list[str] = []

    def need(key: str, kind: type | tuple[type, ...], where: dict = doc, path: str = "") -> object:
        value = where.get(key) if isinstance(where, dict) else None
        if value is None:
            found.append(f"{path}{key}: mandatory")
        elif not isinstance(value, kind):
            found.append(f"{path}{key}: must be {kind}")
        return value

    def url(value: object, path: str) -> None:
        if value is not None and not (
            isinstance(value, str) and re.fullmatch(r"https?://[^\s/]+\.[^\s/]+(/\S*)?", value)
        ):
            found.append(f"{path}: not a URL")

    if not isinstance(need("publiccodeYmlVersion", str), str) or not re.fullmatch(
        r"0\.\d+(\.\d+)?", doc["publiccodeYmlVersion"]
    ):
        found.append("publiccodeYmlVersion: a version string such as '0.5'")
    need("name", str)
    url(need("url", str), "url")
    platforms = need("platforms", (str, list))
    if isinstance(platforms, list) and (not platforms or not all(isinstance(p, str) and p for p in platforms)):
        found.append("platforms: strings")
    categories = need("categories", list)
    for c in categories or []:
        if c not in CATEGORIES:
            found.append(f"categories: {c!r} is not in the standard's list")
    if need("developmentStatus", str) not in DEVELOPMENT_STATUS:
        found.append("developmentStatus: one of " + ", ".join(sorted(DEVELOPMENT_STATUS)))
    if need("softwareType", str) not in SOFTWARE_TYPE:
        found.append("softwareType: one of " + ", ".join(sorted(SOFTWARE_TYPE)))
    if "releaseDate" in doc:
        try:
            date.fromisoformat(str(doc["releaseDate"]))
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(doc["releaseDate"]))
        except (ValueError, AssertionError):
            found.append("releaseDate: YYYY-MM-DD")
    audience = doc.get("intendedAudience") or {}
    for country in audience.get("countries", []):
        if not re.fullmatch(r"[a-z]{2}", country):
            found.append(f"intendedAudience.countries: {country!r} is not a lowercase ISO 3166-1 alpha-2 code")
    for scope in audience.get("scope", []):
        if scope not in SCOPES:
            found.append(f"intendedAudience.scope: {scope!r} is not in the standard's list")

    descriptions = need("description", dict) or {}
    if not descriptions:
        found.append("description: at least one language")
    for lang, text in descriptions.items():
        where = f"description.{lang}."
        if not langcodes.tag_is_valid(lang):
            found.append(f"description: {lang!r} is not a BCP 47 language tag")
        short = need("shortDescription", str, text, where)
        if isinstance(short, str) and (len(short) > 150 or "\n" in short.strip()):
            found.append(f"{where}shortDescription: one line of at most 150 characters ({len(short)})")
        long = need("longDescription", str, text, where)
        if isinstance(long, str) and not 150 <= len(long) <= 10_000:
            found.append(f"{where}longDescription: 150 to 10,000 characters ({len(long)})")
        features = need("features", list, text, where)
        if isinstance(features, list) and not all(isinstance(f, str) and f for f in features):
            found.append(f"{where}features: strings")
        for key in ("documentation", "apiDocumentation"):
            url(text.get(key), where + key)

    legal = need("legal", dict) or {}
    licence = need("license", str, legal, "legal.")
    if isinstance(licence, str) and get_spdx_licensing().validate(licence).errors:
        found.append(f"legal.license: {licence!r} is not a valid SPDX expression")

    maintenance = need("maintenance", dict) or {}
    kind = need("type", str, maintenance, "maintenance.")
    if kind not in MAINTENANCE:
        found.append("maintenance.type: one of " + ", ".join(sorted(MAINTENANCE)))
    if kind in ("internal", "community") and not all(c.get("name") for c in maintenance.get("contacts") or [{}]):
        found.append("maintenance.contacts: mandatory, each with a name, for internal or community maintenance")
    if kind == "contract":
        for c in maintenance.get("contractors") or [{}]:
            if not c.get("name") or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(c.get("until", ""))):
                found.append("maintenance.contractors: each with a name and an until date (YYYY-MM-DD)")

    localisation = need("localisation", dict) or {}
    need("localisationReady", bool, localisation, "localisation.")
    languages = need("availableLanguages", list, localisation, "localisation.")
    if isinstance(languages, list) and (not languages or not all(langcodes.tag_is_valid(t) for t in languages)):
        found.append("localisation.availableLanguages: at least one BCP 47 tag, all valid")
    for group in ("open", "proprietary", "hardware"):
        for dependency in (doc.get("dependsOn") or {}).get(group, []):
            if not dependency.get("name"):
                found.append(f"dependsOn.{group}: each dependency has a name")
    return found


def test_publiccode_yml_follows_the_standard() -> None:
    raw = FILE.read_bytes()
    raw.decode("utf-8")  # the standard: UTF-8
    doc = yaml.safe_load(raw)
    assert problems(doc) == []
    assert {"nl", "en"} <= set(doc["description"]), "described in Dutch and English"
    assert doc["platforms"] and set(doc["platforms"]) <= PLATFORMS


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d.pop("url"), "url: mandatory"),
        (lambda d: d.update(developmentStatus="ready"), "developmentStatus"),
        (lambda d: d.update(softwareType="backend"), "softwareType"),
        (lambda d: d["legal"].update(license="EUPL-9"), "legal.license"),
        (lambda d: d["description"]["nl"].update(shortDescription="x" * 151), "shortDescription"),
        (lambda d: d["description"]["en"].update(longDescription="too short"), "longDescription"),
        (lambda d: d["description"].update({"xx-yy-zz-1": d["description"]["nl"]}), "BCP 47"),
        (lambda d: d["localisation"].pop("localisationReady"), "localisationReady"),
        (lambda d: d["maintenance"].update(contacts=[]), "maintenance.contacts"),
        (lambda d: d.update(categories=["social-domain"]), "categories"),
        (lambda d: d.update(releaseDate="2 december 2026"), "releaseDate"),
    ],
)
def test_the_rules_refuse_what_the_standard_refuses(change, complaint: str) -> None:  # noqa: ANN001
    doc = copy.deepcopy(yaml.safe_load(FILE.read_text(encoding="utf-8")))
    change(doc)
    assert any(complaint in p for p in problems(doc)), problems(doc)
