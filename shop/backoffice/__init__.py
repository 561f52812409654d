"""The operator back office at /back-office/ (§12): staff only, never a customer session."""

# Importing the view modules registers their routes on the blueprint (shop.backoffice.views.bp).
from shop.backoffice import content, onboarding, product_types  # noqa: E402, F401
