"""The sandbox carrier: the default carrier of `make run` and the tests, in its own database.

Its inventory is real NANP ranges (pstn_orders.sandbox_carrier.ranges); its test values (magic) trigger each
failure a real carrier gives; fulfilment runs on the injected clock.
"""

from pstn_orders.sandbox_carrier.carrier import SandboxCarrier
from pstn_orders.sandbox_carrier.inventory import InventoryBuilt
from pstn_orders.sandbox_carrier.magic import MagicLine

__all__ = ["InventoryBuilt", "MagicLine", "SandboxCarrier"]
