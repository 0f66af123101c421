"""Shape an OpenAPI document to the Dutch API Design Rules (checked with `../shared/adr-ruleset.yaml`).

FastAPI generates the document from the code; this pass adds what the rules require and FastAPI does not know:
the `API-Version` header on every 2xx/3xx response, problem+json for every error response, a documented 400
on every operation (we answer invalid input with 400, not FastAPI's 422), contact and server with the major
version in the URI. Both a service and the gateway (for the merged document) use it.
"""

from __future__ import annotations

import copy
from typing import Any

from .errors import PROBLEM_MEDIA_TYPE, Problem
from .settings import API_PREFIX, API_VERSION

CONTACT = {
    "name": "Stuurcyclus platform team",
    "email": "stuurcyclus@example.org",
    "url": "https://github.com/stuurcyclus/stuurcyclus",
}
API_VERSION_HEADER = {
    "description": "Full semantic version of the API (API Design Rules /core/version-header).",
    "schema": {"type": "string", "example": API_VERSION},
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
STANDARD_ERRORS = {
    "400": "Invalid input: `invalidParams` names each offending field.",
    "401": "No valid bearer token (missing, expired, wrong signature, issuer or audience).",
    "403": "The token's role or organisation may not do this, or it is for another municipality.",
    "500": "Unexpected error; nothing was saved.",
    "503": "A dependency (database) is unavailable; nothing was saved.",
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}}


def problem_schemas() -> dict[str, Any]:
    """JSON schemas of `Problem` and `InvalidParam`, with references pointing into `#/components/schemas`."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    return {"Problem": schema, **defs}


def adr_openapi(document: dict[str, Any], *, strip_prefix: str = "", server_url: str = API_PREFIX) -> dict[str, Any]:
    """Return a copy of `document` that satisfies the API Design Rules ruleset."""
    doc = copy.deepcopy(document)
    doc["openapi"] = doc.get("openapi", "3.1.0")
    info = doc.setdefault("info", {})
    info["version"] = API_VERSION
    info["contact"] = CONTACT
    doc["servers"] = [{"url": server_url, "description": f"Major version {API_PREFIX.rsplit('/', 1)[-1]}"}]

    if strip_prefix:
        doc["paths"] = {
            (path[len(strip_prefix) :] or "/") if path.startswith(strip_prefix) else path: item
            for path, item in doc.get("paths", {}).items()
        }
    for item in doc.get("paths", {}).values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                _shape_operation(operation)
    for item in doc.get("webhooks", {}).values():  # what the platform sends: the receiver's answer is any 2xx
        for method, operation in item.items():
            if method in HTTP_METHODS:
                operation["responses"] = {
                    "2XX": {"description": "Any 2xx acknowledges the delivery; anything else is retried, then parked."}
                }

    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.update(problem_schemas())
    doc["components"]["securitySchemes"] = {
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Claims: `gemeente` (CBS code), `rol`, `organisatie` (partners), `sub`, `iss`, `aud`, "
            "`exp`.",
        }
    }
    doc["security"] = [{"bearerAuth": []}]
    return doc


def _shape_operation(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    if _is_fastapi_validation(responses.get("422")):
        del responses["422"]
    for code, description in STANDARD_ERRORS.items():
        responses.setdefault(code, problem_response(description))
    for code, response in responses.items():
        if code[:1] in {"2", "3"}:
            response.setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
        elif code[:1] in {"4", "5"}:
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}


def _is_fastapi_validation(response: dict[str, Any] | None) -> bool:
    if not response:
        return False
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("$ref", "").endswith("/HTTPValidationError")
