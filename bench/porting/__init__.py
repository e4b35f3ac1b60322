"""Bench: numbers to port pasted and checked (port carts)."""
