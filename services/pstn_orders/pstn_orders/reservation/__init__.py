"""Numbers held for a customer for a while before it orders them."""
