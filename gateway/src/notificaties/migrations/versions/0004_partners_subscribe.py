"""Partners subscribe too (issue 27, item 6): a subscription keeps its subscriber's role and organisation, and is
sent only the events that subscriber may see (the live stream's rule). Existing subscriptions were made by
integrators and administrators, who see everything of their municipality.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
S = "notificaties"


def upgrade() -> None:
    op.add_column(
        "abonnement",
        sa.Column(
            "rol",
            sa.String(length=30),
            server_default="subsidieadministratie",
            nullable=False,
            comment="The subscriber's role: what it may be sent",
        ),
        schema=S,
    )
    op.add_column(
        "abonnement",
        sa.Column(
            "organisatie",
            sa.String(length=200),
            nullable=True,
            comment="A partner subscriber's organisation: it is sent its own events and the public ones",
        ),
        schema=S,
    )


def downgrade() -> None:
    op.drop_column("abonnement", "organisatie", schema=S)
    op.drop_column("abonnement", "rol", schema=S)
