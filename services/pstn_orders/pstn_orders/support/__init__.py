from pstn_orders.support.desks import DESKS, Desk, DeskContact, DeskName, desk_for

__all__ = ["DESKS", "Desk", "DeskContact", "DeskName", "desk_for"]
