"""`reads.ParsedOnce`: the same JSON text is validated once; a changed text is validated anew; the memory is bounded."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError
from stuurcyclus_common.reads import ParsedOnce


class Thing(BaseModel):
    naam: str
    versie: int


def test_the_same_text_is_one_model_and_a_changed_text_another() -> None:
    parse = ParsedOnce(Thing)
    first = parse('{"naam": "a", "versie": 1}')
    assert parse('{"naam": "a", "versie": 1}') is first, "validated once"
    changed = parse('{"naam": "a", "versie": 2}')
    assert changed is not first and changed.versie == 2 and first.versie == 1


def test_it_holds_at_most_its_size_dropping_the_oldest_text() -> None:
    parse = ParsedOnce(Thing, size=3)
    models = [parse(f'{{"naam": "n{i}", "versie": {i}}}') for i in range(5)]
    assert len(parse._parsed) == 3
    assert parse('{"naam": "n4", "versie": 4}') is models[4], "the newest is kept"
    assert parse('{"naam": "n0", "versie": 0}') is not models[0], "the oldest made way"


def test_a_text_that_does_not_validate_is_refused_every_time_and_not_remembered() -> None:
    parse = ParsedOnce(Thing)
    for _ in range(2):
        with pytest.raises(ValidationError):
            parse('{"naam": "a"}')
    assert parse._parsed == {}
