"""Every index and unique constraint leads with the municipality (issue 16: many municipalities on one platform).

A municipality's rows sit together in each index, so its reads touch its own pages only, whatever the number of
municipalities beside it; foreign keys' lookup indexes become (tenant, key). Left as they are, across municipalities on
purpose: primary keys, the outbox's order, the inbox, and notificaties' scan for due deliveries.

Revision ID: 0005
Revises: 0004
"""

from stuurcyclus_common.migrations import follow_the_tenant_back, lead_with_the_tenant

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES: dict[str, list[str]] = {
    "audittrail": ["resource_id"],
    "tafel": ["cyclus_id"],
    "uitkomst": ["tafel_id"],
    "uitvraag": ["cyclus_id"],
    "aanvraag": ["uitvraag_id", "partner"],
    "statuswijziging": ["aanvraag_id"],
    "besluit": ["aanvraag_id"],
}
UNIQUES: dict[str, list[tuple[str, ...]]] = {
    "uitkomst": [("tafel_id", "soort", "rang")],
    "verantwoording": [("aanvraag_id",)],
}


def upgrade() -> None:
    lead_with_the_tenant("gesprekstafels", INDEXES, UNIQUES)


def downgrade() -> None:
    follow_the_tenant_back("gesprekstafels", INDEXES, UNIQUES)
