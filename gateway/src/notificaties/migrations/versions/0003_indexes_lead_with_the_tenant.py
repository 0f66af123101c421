"""Every index and unique constraint leads with the municipality (issue 16: many municipalities on one platform).

A municipality's rows sit together in each index, so its reads touch its own pages only, whatever the number of
municipalities beside it; foreign keys' lookup indexes become (tenant, key). Left as they are, across municipalities on
purpose: primary keys, the outbox's order, the inbox, and notificaties' scan for due deliveries.

Revision ID: 0003
Revises: 0002
"""

from stuurcyclus_common.migrations import follow_the_tenant_back, lead_with_the_tenant

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES: dict[str, list[str]] = {"audittrail": ["resource_id"], "aflevering": ["abonnement_id"]}
UNIQUES: dict[str, list[tuple[str, ...]]] = {"aflevering": [("abonnement_id", "event_id")]}


def upgrade() -> None:
    lead_with_the_tenant("notificaties", INDEXES, UNIQUES)


def downgrade() -> None:
    follow_the_tenant_back("notificaties", INDEXES, UNIQUES)
