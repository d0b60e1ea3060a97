"""Cross-cutting protections of the ledger: the client's address, sign-in throttling and its audit, the
Content-Security-Policy, and the limits on the anonymous application form."""
