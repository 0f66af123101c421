"""`stuurcyclus rapport`: the half-year report of the running platform, saved as JSON, HTML or PDF, or pages of its
PDF as one PNG (pdftoppm renders them: what the README's picture is made with)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

FORMATS = {".json": "json", ".html": "html", ".pdf": "pdf", ".png": "pdf"}


def fetch(gateway: str, token: str, periode: str, formaat: str) -> bytes:
    url = f"{gateway}/api/v1/sporen/rapportages/halfjaar/{periode}"
    answer = httpx.get(url, params={"formaat": formaat}, headers={"Authorization": f"Bearer {token}"}, timeout=60)
    if answer.status_code != 200:
        raise RuntimeError(f"GET {url} → {answer.status_code}: {answer.text[:300]}")
    return answer.content


def pages_png(pdf: bytes, pages: list[int], out: Path, dpi: int = 60) -> None:
    """The given pages (1-based) of the PDF side by side in one PNG."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "rapport.pdf"
        source.write_bytes(pdf)
        images = []
        for page in pages:
            stem = Path(tmp) / f"p{page}"
            command = ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", str(page), "-l", str(page)]
            subprocess.run([*command, str(source), str(stem)], check=True, capture_output=True)
            images.append(Image.open(f"{stem}.png").convert("RGB"))
        gap = 12
        width = sum(i.width for i in images) + gap * (len(images) + 1)
        height = max(i.height for i in images) + 2 * gap
        sheet = Image.new("RGB", (width, height), (200, 204, 210))
        x = gap
        for image in images:
            sheet.paste(image, (x, gap))
            x += image.width + gap
        sheet.save(out, optimize=True)


def run(gateway: str, token: str, periode: str, out: Path, pages: list[int]) -> int:
    formaat = FORMATS.get(out.suffix.lower())
    if formaat is None:
        print(f"stuurcyclus rapport: {out.name}: give a .json, .html, .pdf or .png file", file=sys.stderr)
        return 2
    try:
        content = fetch(gateway, token, periode, formaat)
    except (RuntimeError, httpx.HTTPError) as exc:
        print(f"stuurcyclus rapport: {exc}", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".png":
        try:
            pages_png(content, pages, out)
        except FileNotFoundError:
            print("stuurcyclus rapport: pdftoppm is not installed (Debian: poppler-utils)", file=sys.stderr)
            return 1
    else:
        out.write_bytes(content)
    print(f"stuurcyclus rapport: {periode} → {out}")
    return 0
