"""Every index and unique constraint leads with the municipality (issue 16: many municipalities on one platform).

A municipality's rows sit together in each index, so its reads touch its own pages only, whatever the number of
municipalities beside it; foreign keys' lookup indexes become (tenant, key). Left as they are, across municipalities on
purpose: primary keys, the outbox's order, the inbox, and notificaties' scan for due deliveries.

Revision ID: 0006
Revises: 0005
"""

from stuurcyclus_common.migrations import follow_the_tenant_back, lead_with_the_tenant

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES: dict[str, list[str]] = {
    "audittrail": ["resource_id"],
    "interventie": ["spoor_id"],
    "resultaatafspraak": ["interventie_id"],
    "voortgang": ["spoor_id"],
    "risico": ["spoor_id"],
    "risico_revisie": ["risico_id"],
    "wijziging": ["object_id"],
    "indicator_referentie": ["spoor_nummer"],
}
UNIQUES: dict[str, list[tuple[str, ...]]] = {
    "voortgang": [("spoor_id", "periode")],
    "risico_revisie": [("risico_id", "versie")],
    "wijziging": [("soort", "object_id", "versie")],
}


def upgrade() -> None:
    lead_with_the_tenant("sporen", INDEXES, UNIQUES)


def downgrade() -> None:
    follow_the_tenant_back("sporen", INDEXES, UNIQUES)
