"""Order use cases: each opens one transaction, asks the workflow, saves, queues notifications.

submit.py    点单
commands.py  派单, 领单, 接单 and every later step: the rule's own change, nothing more
engine.py    the one transaction every command runs in, and who hears of it
upkeep.py    what the scheduler asks: reminders, re-offers, erasure
queries.py   what people may see, and the choices a card offers
browse.py    what the web console lists: filtered, searched, and an order's timeline
forms.py     what people fill in
"""

from bot.domain.order import facts
from bot.services.addressing import Notification
from bot.services.orders.browse import Browsing, Entry, Listed, OrderFilter, OrderPage
from bot.services.orders.commands import Commands, Given, Performing
from bot.services.orders.engine import OrderEngine, Outcome
from bot.services.orders.forms import MAX_REQUEST, CompletionReport, OrderDraft
from bot.services.orders.queries import Queries
from bot.services.orders.submit import Submitting
from bot.services.orders.upkeep import Upkeep


class OrderService(Submitting, Commands, Performing, Upkeep, Queries, Browsing, OrderEngine):
    """Every order use case, on one engine."""


__all__ = [
    "MAX_REQUEST",
    "CompletionReport",
    "Entry",
    "Given",
    "Listed",
    "Notification",
    "OrderDraft",
    "OrderFilter",
    "OrderPage",
    "OrderService",
    "Outcome",
    "facts",
]
