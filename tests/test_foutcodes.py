"""One vocabulary of problem codes (issue 30, item 3): every `code` the platform's code can answer is in
`stuurcyclus_common.foutcodes` with its meaning, in one language (Dutch), and served as `GET /api/v1/foutcodes`.
The class is walked in the source: every problem raised with a literal code, every class default, every code a helper
passes on (`unprocessable(name, reason, code)`)."""

from __future__ import annotations

import ast
from pathlib import Path

import httpx
from stuurcyclus_common.foutcodes import FOUTCODES, known

from .support import RunningPlatform

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "libs/common/src", ROOT / "services", ROOT / "gateway/src", ROOT / "deploy/local/src"]
#: Calls whose `code` is a refused field's own (the validation's vocabulary), not a problem's.
FIELD_LEVEL = {"InvalidParam", "fail", "field"}
#: Helpers that pass a positional code on as the problem's: name → position.
HELPERS = {"unprocessable": 2}
#: Words that would say a code is English (the vocabulary is Dutch).
ENGLISH = {"not", "already", "exists", "unknown", "invalid", "same", "other", "found", "required", "missing", "empty",
           "duplicate", "failed", "unavailable", "internal", "forbidden", "taken", "stale", "self", "reset", "limited",
           "row", "rows", "value", "past", "large", "allowed", "call", "bad", "request", "insufficient"}  # fmt: skip


def _literals(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _raised_codes() -> dict[str, str]:
    found: dict[str, str] = {}
    for root in SOURCES:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.Call):
                    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    if name in FIELD_LEVEL:
                        continue
                    for keyword in node.keywords:
                        if keyword.arg == "code":
                            found |= dict.fromkeys(_literals(keyword.value), where)
                    if name in HELPERS and len(node.args) > HELPERS[name]:
                        found |= dict.fromkeys(_literals(node.args[HELPERS[name]]), where)
                elif isinstance(node, ast.Assign):
                    for target in node.targets:
                        names = target.elts if isinstance(target, ast.Tuple) else [target]
                        values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                        for n, v in zip(names, values, strict=False):
                            if isinstance(n, ast.Name) and n.id == "code":
                                found |= dict.fromkeys(_literals(v), where)
    return found


def test_every_code_the_platform_answers_is_in_the_one_vocabulary() -> None:
    raised = _raised_codes()
    assert len(raised) > 80, "the walk finds the platform's codes"
    unknown = {code: where for code, where in raised.items() if not known(code)}
    assert unknown == {}, "add them to stuurcyclus_common/foutcodes.py"
    english = [code for code in FOUTCODES if set(code.split("_")) & ENGLISH]
    assert english == [], "one language: Dutch"
    assert all(meaning.strip() for meaning in FOUTCODES.values())


async def test_the_vocabulary_is_served(platform: RunningPlatform) -> None:
    async with httpx.AsyncClient(base_url=f"{platform.gateway}/api/v1") as client:
        answer = await client.get("/foutcodes")  # public: no token
        assert answer.status_code == 200 and answer.json()["foutcodes"] == FOUTCODES
        again = await client.get("/foutcodes", headers={"If-None-Match": answer.headers["ETag"]})
        assert again.status_code == 304
        refused = await client.get("/sporen/sporen")  # no token: a code from the vocabulary
        assert refused.status_code == 401 and refused.json()["code"] in FOUTCODES
