"""Business rules in plain Python: no Flask, no database."""
