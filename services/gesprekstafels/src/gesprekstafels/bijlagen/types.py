"""What a document is, by its content and never by its name: PDF, OpenDocument (ODF), Office Open XML (OOXML) by their
signatures (read with `filetype`), or CSV as text. Anything else — an executable named `begroting.pdf`, a ZIP, an
image — is refused naming what it is."""

from __future__ import annotations

import filetype

ALLOWED = {
    "application/pdf",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
CSV = "text/csv"


def _is_csv(content: bytes) -> bool:
    """Text (UTF-8 or Windows-1252, no NUL) whose first line has a `;` or `,` between fields."""
    if b"\x00" in content:
        return False
    head = content[:65536]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    return (";" in first or "," in first) and all(ch.isprintable() or ch in "\t" for ch in first)


def mediatype_of(content: bytes) -> tuple[str | None, str]:
    """(the allowed media type, or None; what the content is, in words for a refusal)."""
    kind = filetype.guess(content[:8192] if len(content) > 8192 else content)
    if kind is not None:
        if kind.mime in ALLOWED:
            return kind.mime, kind.mime
        if kind.mime == "application/zip":  # OOXML/ODF whose signature sits deeper: look at the whole archive
            full = filetype.guess(content)
            if full is not None and full.mime in ALLOWED:
                return full.mime, full.mime
        return None, kind.mime
    if _is_csv(content):
        return CSV, CSV
    return None, "unrecognised content"
