"""What a subscriber receives (notificaties' webhook deliveries), said once for every document that describes it: the
delivery's headers, the signature and how to check it in five lines. The merged OpenAPI carries it as `webhooks`
(OpenAPI 3.1), the AsyncAPI document in its description, the README quotes the same example, and a test runs that
example against a real delivery (`tests/test_notificaties.py`)."""

from __future__ import annotations

SIGNATURE_HEADER = "X-Stuurcyclus-Signature"

#: Checks a delivery's signature: `body` the raw request body, `header` the X-Stuurcyclus-Signature header, `geheim` the
#: subscription's secret as shown once when it was made.
VERIFY_EXAMPLE = """import hashlib, hmac

def echt(body: bytes, header: str, geheim: str) -> bool:
    verwacht = "sha256=" + hmac.new(geheim.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(verwacht, header)
"""

HEADERS: dict[str, str] = {
    "Authorization": "The `auth` given when subscribing, as given (as in the Notificaties API).",
    SIGNATURE_HEADER: "`sha256=` and the HMAC-SHA256 of the raw body, hex, lower case; the key is the subscription's "
    "`geheim` as UTF-8 text, exactly as shown once when the subscription was made.",
    "Idempotency-Key": "The event's id: the same on every retry and duplicate, so the receiver applies it once "
    "(delivery is at least once).",
    "X-Stuurcyclus-Aflevering": "The delivery's id (see `GET /abonnementen/{id}/afleveringen`).",
    "X-Stuurcyclus-Poging": "The attempt, 1, 2, … (retries with backoff; parked after the last).",
    "traceparent": "W3C trace context of the event (CloudEvents deliveries), to follow it through the platform.",
}

DESCRIPTION = (
    "A POST to the subscription's `callbackUrl` for each event it is owed. Any 2xx answer acknowledges it; anything "
    "else, or no answer within the timeout, is retried with backoff and parked after the last attempt (then "
    "`POST /abonnementen/{id}/afleveringen/herhaling`). Headers:\n\n"
    + "\n".join(f"- `{name}`: {text}" for name, text in HEADERS.items())
    + "\n\nCheck the signature before trusting the body (Python):\n\n```python\n"
    + VERIFY_EXAMPLE
    + "```\n"
)
