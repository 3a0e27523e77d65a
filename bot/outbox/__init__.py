"""The outbox as the channels see it: messages addressed to (channel, address), sent paced."""

from storage.outbox import OFFER, TAKEN, Address, OutboxMessage

__all__ = ["OFFER", "TAKEN", "Address", "OutboxMessage"]
