"""Secrets (a subscription's HMAC key, a receiver's credential, …): declared once, kept out of everything else.

A secret is declared where it is defined — a table column with `secret_column(…)`, a request or response field with
`secret_field(…)` — and a field whose *name* says it is one (`geheim`, `secret`, `password`, `wachtwoord`,
`token`, `auth`) counts as one whether declared or not. Every place that writes data down honours that:

- the audit trail records that a secret changed, never its value (`writes.ChangeRecorder`);
- log lines show `[verborgen]` for any secret-named key (`logs.configure_logging`);
- an event contract cannot have such a field (`events.contract` refuses to register it);
- a response may carry one only where the field is declared `secret_field(shown_once=True)` — the answer that
  creates it — and a stored idempotent answer keeps it out, so a replay shows `[verborgen]` too.

`tests/test_secrets.py` walks every table, schema and contract and proves it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from pydantic import Field
from sqlalchemy.orm import mapped_column

#: A field whose name says it holds a secret is one, declared or not.
SECRET_NAME = re.compile(r"geheim|secret|password|wachtwoord|token|auth", re.IGNORECASE)
REDACTED = "[verborgen]"
#: The OpenAPI extension that marks a response field as the one answer that shows a secret.
SHOWN_ONCE = "x-geheim-eenmalig"


@functools.lru_cache(maxsize=4096)
def is_secret_name(name: str) -> bool:
    """Remembered per name: every log line asks it of each of its keys, which are the same few again and again."""
    return bool(SECRET_NAME.search(name))


def secret_column(*args: Any, **kwargs: Any) -> Any:
    """A `mapped_column` holding a secret: the audit trail and every export leave its value out."""
    kwargs["info"] = {**kwargs.get("info", {}), "secret": True}
    return mapped_column(*args, **kwargs)


def is_secret_column(column: Any) -> bool:
    return bool(getattr(column, "info", {}).get("secret")) or is_secret_name(getattr(column, "key", ""))


def secret_field(description: str, *, shown_once: bool = False, **kwargs: Any) -> Any:
    """A pydantic field holding a secret; `shown_once` on the response that creates it (the only one to show it)."""
    extra: dict[str, Any] = {"x-geheim": True} | ({SHOWN_ONCE: True} if shown_once else {})
    return Field(description=description, json_schema_extra=extra, repr=False, **kwargs)


def redact(value: Any) -> Any:
    """`value` with every secret-named key's value replaced by `[verborgen]` (nested dicts and lists too)."""
    if isinstance(value, dict):
        return {k: (REDACTED if isinstance(k, str) and is_secret_name(k) else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value
