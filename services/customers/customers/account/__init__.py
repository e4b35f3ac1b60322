"""Customer administrators' own platform accounts: invited by email, activated with a password and the terms of
service (R-CC-02), signed in with a token of the platform's issuer (R-CC-03)."""
