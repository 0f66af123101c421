"""Partners see the decision, not the civil servants: fields a contract keeps for the municipality's staff are left
out of what a partner sees of an event (the live stream), over every contract that declares such fields."""

from __future__ import annotations

import uuid

from stuurcyclus_common.auth import Identity
from stuurcyclus_common.contracts.gesprekstafels import BesluitGenomen, Besluitvormer
from stuurcyclus_common.events import EventEnvelope
from stuurcyclus_common.events.envelope import CATALOGUE
from stuurcyclus_common.events.visibility import may_see, shown_to


def test_every_staff_only_field_is_a_field_of_its_contract() -> None:
    declared = {name: c.alleen_gemeente for name, c in CATALOGUE.items() if c.alleen_gemeente}
    assert declared, "at least the decision's deciders are staff-only"
    for name, fields in declared.items():
        assert fields <= set(CATALOGUE[name].model_fields), name


def test_a_partner_sees_its_decision_without_the_deciders() -> None:
    besluit = BesluitGenomen(
        besluitId=uuid.uuid4(),
        identificatie="GM0193-2026-00001",
        soort="toekenning",
        aanvraagId=uuid.uuid4(),
        partner="Buurtwerk",
        ambitieId=uuid.uuid4(),
        datum="2026-11-20",
        ingangsdatum="2027-01-01",
        bedragCent=1_000_000,
        besluitvormers=[Besluitvormer(persoon="beleid-anna", naam="Anna", rol="beleid", mandaatCent=5_000_000)],
    )
    envelope = EventEnvelope.wrap(besluit, tenant="GM0193")
    partner = Identity(client="partner-1", gemeente="GM0193", rol="partner", organisatie="Buurtwerk")
    staff = Identity(client="beleid-1", gemeente="GM0193", rol="beleid")
    assert may_see(envelope, partner) and may_see(envelope, staff)
    assert "besluitvormers" not in shown_to(envelope, partner).data
    assert shown_to(envelope, partner).data["bedragCent"] == 1_000_000
    assert shown_to(envelope, staff).data["besluitvormers"][0]["persoon"] == "beleid-anna"
