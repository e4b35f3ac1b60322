"""Carts of chosen numbers, editable until the order is placed (R-PSTN-36)."""
