"""Many municipalities on one platform: every index leads with the municipality.

Over every table of every service (tests/test_migrations.py holds the migrated databases to these models): each
index and unique constraint of a table that has a `tenant` column starts with it, so one municipality's rows sit
together in each index and its reads touch its own pages only, whatever the number of municipalities beside it.
The exceptions are the machinery that works across municipalities on purpose, named here: primary keys (one row by
its id), the outbox's publication order, the inbox (an event id per consumer), and notificaties' scan for
deliveries that are due.
"""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy import UniqueConstraint
from stuurcyclus_local import SERVICES

ACROSS_MUNICIPALITIES = {
    ("outbox", ("seq",)),
    ("aflevering", ("status",)),
    ("aflevering", ("volgende_poging_op",)),
}


@pytest.mark.parametrize("service", SERVICES)
def test_every_index_of_a_tenants_table_leads_with_the_tenant(service: str) -> None:
    metadata = importlib.import_module(f"{service}.models").Base.metadata
    checked = 0
    for table in metadata.sorted_tables:
        if "tenant" not in table.c:
            continue
        keys = [(ix.name, tuple(c.name for c in ix.columns)) for ix in table.indexes]
        uniques = [c for c in table.constraints if isinstance(c, UniqueConstraint)]
        keys += [(c.name, tuple(col.name for col in c.columns)) for c in uniques]
        for name, columns in keys:
            if (table.name, columns) in ACROSS_MUNICIPALITIES:
                continue
            assert columns and columns[0] == "tenant", f"{service}.{table.name}: {name} {columns} does not lead"
            checked += 1
    assert checked >= 3
