"""The operator back office at /back-office/ (§12): staff only, never a customer session."""

# Views in modules of their own, registered on the blueprint of views.py.
from shop.backoffice import content  # noqa: E402, F401
