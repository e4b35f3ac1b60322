"""New-number orders: rules, placing, activation after the contract, carrier fulfilment."""
