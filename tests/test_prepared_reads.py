"""The hot reads that skip the ORM (`stuurcyclus_common.reads.Prepared`, in each service's `reads.py`) keep the
platform's scoping: every statement is bound to the caller's municipality by a parameter, and none holds a value
that belongs to one caller (a compiled statement is shared by every request of the process).

Over every `Prepared` of every service, including each combination of filters a module compiles on demand."""

from __future__ import annotations

import inspect
import itertools
import types
from collections.abc import Iterator

import pytest
from stuurcyclus_common.reads import Prepared
from stuurcyclus_local import SERVICES

from tests.support import modules_named


def prepared_reads(service: str) -> Iterator[tuple[str, Prepared]]:
    for module in modules_named(service, "reads"):
        yield from _prepared_of(module)


def _prepared_of(module: types.ModuleType) -> Iterator[tuple[str, Prepared]]:
    for name, value in vars(module).items():
        values = value.items() if isinstance(value, dict) else [(None, value)]
        for key, item in values:
            if isinstance(item, Prepared):
                yield (name if key is None else f"{name}[{key}]"), item
        # A statement per combination of filters, compiled on demand (functools.cache): every one of them.
        wrapped = getattr(value, "__wrapped__", None) if hasattr(value, "cache_clear") else None
        if inspect.isfunction(wrapped) and wrapped.__module__ == module.__name__:
            arity = wrapped.__code__.co_argcount
            for flags in itertools.product((False, True), repeat=arity):
                yield f"{name}{flags}", value(*flags)


def test_the_services_have_prepared_reads() -> None:
    found = {service: len(list(prepared_reads(service))) for service in SERVICES}
    assert all(found[s] for s in ("sporen", "financien", "indicatoren", "gesprekstafels")), found


@pytest.mark.parametrize("service", SERVICES)
def test_every_prepared_read_is_bound_to_the_municipality(service: str) -> None:
    for name, read in prepared_reads(service):
        assert "tenant" in read.names, f"{service}.reads.{name} reads without the municipality: {read.sql}"
        held = {k: v for k, v in read.constants.items() if isinstance(v, str) and v.startswith(("GM", "WK", "BU"))}
        assert not held, f"{service}.reads.{name} holds an area in its compiled form: {held}"


def test_a_partners_read_binds_its_organisation_never_holds_it() -> None:
    from indicatoren.metingen import reads

    for flags in itertools.product((False, True), repeat=5):
        read = reads.series_statement(True, *flags)
        assert "organisatie" in read.names, read.sql
        assert "organisatie" not in read.constants
        staff = reads.series_statement(False, *flags)
        assert "organisatie" not in staff.names, "staff see every value"
