"""The operator back office at /back-office/ (§12): staff only, never a customer session."""
