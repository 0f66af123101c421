"""API documentation served by the platform itself, readable without internet: Swagger UI and ReDoc from the assets
the `fastapi-offline` package ships (no CDN), and the AsyncAPI document as a plain HTML page.

Used by every service (`/api/v1/<service>/docs`, `…/redoc`) and by the gateway for the merged OpenAPI
(`/api/v1/docs`, `/api/v1/redoc`, `/api/v1/asyncapi.html`).
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

#: Where the assets are mounted, under a prefix (`/api/v1/docs-static`).
STATIC = "/docs-static"
#: The documentation pages run their own scripts and styles (from this origin only): a policy of their own.
DOCS_CSP = (
    b"content-security-policy",
    b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'",
)


def assets_path() -> str:
    return str(resources.files("fastapi_offline").joinpath("static"))


def is_docs_path(path: str, prefix: str) -> bool:
    return path in (f"{prefix}/docs", f"{prefix}/redoc", f"{prefix}/asyncapi.html") or path.startswith(
        prefix + STATIC + "/"
    )


def mount_docs(app: FastAPI, prefix: str, openapi_url: str, title: str, asyncapi: Any = None) -> None:
    """Swagger UI at `<prefix>/docs`, ReDoc at `<prefix>/redoc` (and, given a document factory, the AsyncAPI
    document at `<prefix>/asyncapi.html`), their assets at `<prefix>/docs-static/`."""
    app.mount(prefix + STATIC, StaticFiles(directory=assets_path()), name=f"docs-static{prefix}")

    @app.get(f"{prefix}/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title} — Swagger UI",
            swagger_js_url=f"{prefix}{STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{prefix}{STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{prefix}{STATIC}/favicon.png",
            swagger_ui_parameters={"persistAuthorization": True},
        )

    @app.get(f"{prefix}/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{title} — ReDoc",
            redoc_js_url=f"{prefix}{STATIC}/redoc.standalone.js",
            redoc_favicon_url=f"{prefix}{STATIC}/favicon.png",
            with_google_fonts=False,
        )

    if asyncapi is not None:

        @app.get(f"{prefix}/asyncapi.html", include_in_schema=False)
        async def asyncapi_page() -> HTMLResponse:
            return HTMLResponse(asyncapi_html(asyncapi()))


def asyncapi_html(document: dict[str, Any]) -> str:
    """The AsyncAPI document as one readable page: per channel its address and messages, per message who may see it
    and the fields of its payload."""
    e = html.escape
    schemas = document["components"]["schemas"]
    messages = document["components"]["messages"]
    parts = [
        "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'>",
        f"<title>{e(document['info']['title'])}</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1a1a1a}"
        "table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #bbb;padding:.25rem .5rem;"
        "text-align:left;vertical-align:top}code{background:#f2f2f2;padding:0 .2rem}h2{margin-top:2.5rem}</style>",
        "</head><body>",
        f"<h1>{e(document['info']['title'])} <small>{e(document['info']['version'])}</small></h1>",
        f"<p>{e(document['info'].get('description', ''))}</p>",
        f"<p><a href='asyncapi.json'>asyncapi.json</a> · {len(messages)} message types</p>",
        "<nav aria-label='Kanalen'><ul>",
        *(f"<li><a href='#{e(cid)}'>{e(cid)}</a></li>" for cid in sorted(document["channels"])),
        "</ul></nav><main>",
    ]
    for cid, channel in sorted(document["channels"].items()):
        parts.append(f"<section id='{e(cid)}'><h2>{e(cid)}</h2><p>Subject <code>{e(channel['address'])}</code>. ")
        parts.append(f"{e(channel.get('description', ''))}</p>")
        for ref in channel["messages"].values():
            message = messages[ref["$ref"].rsplit("/", 1)[-1]]
            model = schemas.get(message["title"], {})
            parts.append(f"<h3>{e(message['name'])}</h3><p>{e(message.get('summary', ''))}</p>")
            parts.append(f"<p><strong>Zichtbaarheid:</strong> {e(message.get('description', ''))}</p>")
            parts.append("<table><thead><tr><th scope='col'>veld</th><th scope='col'>type</th>")
            parts.append("<th scope='col'>omschrijving</th></tr></thead><tbody>")
            required = set(model.get("required", []))
            for name, prop in model.get("properties", {}).items():
                kind = (
                    prop.get("type")
                    or " | ".join(
                        sub.get("type") or sub.get("$ref", "").rsplit("/", 1)[-1] for sub in prop.get("anyOf", [])
                    )
                    or prop.get("$ref", "").rsplit("/", 1)[-1]
                )
                star = " (verplicht)" if name in required else ""
                parts.append(
                    f"<tr><td><code>{e(name)}</code>{star}</td><td>{e(str(kind))}</td>"
                    f"<td>{e(prop.get('description', ''))}</td></tr>"
                )
            parts.append("</tbody></table>")
        parts.append("</section>")
    parts.append(
        f"<details><summary>Het hele document</summary><pre>{e(json.dumps(document, indent=1)[:200000])}</pre>"
    )
    parts.append("</details></main></body></html>")
    return "".join(parts)
