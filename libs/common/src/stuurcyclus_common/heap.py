"""A long-running process's start-up heap, left out of the garbage collector's full collections."""

from __future__ import annotations

import gc


def freeze_start_up_heap() -> None:
    """Leave what start-up made (modules, the services' models and statements: ~130,000 objects) out of the garbage
    collector's full collections, which otherwise walk all of it: 60 ms on an idle 2-core machine, up to 200 ms under
    load, during which a worker moves no event and an API process answers no request. What the process makes
    afterwards is collected as before. For the workers (`events.worker`) and the API processes and gateway of the
    local platform (`stuurcyclus_common.serve`), once their start-up is done."""
    gc.collect()
    gc.freeze()
