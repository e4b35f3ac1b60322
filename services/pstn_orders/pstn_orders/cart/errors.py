"""The problems carts answer."""

from __future__ import annotations

import uuid

from servicekit import Conflict, NotFound


class CartNotFound(NotFound):
    type = "cart-not-found"
    title = "Cart not found"

    def __init__(self, customer_id: uuid.UUID, cart_id: uuid.UUID) -> None:
        super().__init__(f"Customer {customer_id} has no cart {cart_id}.", cart_id=str(cart_id))


class CartClosed(Conflict):
    type = "cart-closed"
    title = "The cart was ordered"
    rule = "R-PSTN-36"

    def __init__(self, cart_id: uuid.UUID, order_id: uuid.UUID | None) -> None:
        super().__init__(
            f"Cart {cart_id} became order {order_id}; a cart is editable only until its order is placed.",
            cart_id=str(cart_id),
            order_id=str(order_id) if order_id else None,
        )
