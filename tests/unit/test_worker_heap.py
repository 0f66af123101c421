"""A worker (and an API process of the local platform) leaves its start-up heap out of the garbage collector's
full collections (`gc.freeze`): a full collection then walks only what the process made since, not the ~130,000
objects of its modules and models."""

from __future__ import annotations

import gc

from stuurcyclus_common.heap import freeze_start_up_heap


def test_the_start_up_heap_is_frozen_and_what_comes_after_is_collected() -> None:
    gc.unfreeze()
    try:
        freeze_start_up_heap()
        frozen = gc.get_freeze_count()
        assert frozen > 10_000, "the start-up heap (modules, models) is out of the collections"
        tracked = len(gc.get_objects())
        assert tracked < frozen / 10, "a full collection walks only what came after"
        cycle: list = []
        cycle.append(cycle)  # garbage made after start-up is still collected
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
