"""The outbox as the channels see it: messages addressed to (channel, address), sent paced."""

from storage.outbox import OFFER, REFRESH, TAKEN, Address, OutboxMessage

__all__ = ["OFFER", "REFRESH", "TAKEN", "Address", "OutboxMessage"]
