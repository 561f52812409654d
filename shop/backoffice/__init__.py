"""The operator back office at /back-office/ (§12): staff only, never a customer session."""

# Importing the view modules registers their routes on the blueprint (shop.backoffice.views.bp).
from shop.backoffice import (  # noqa: E402, F401
    content,
    erp_import,
    onboarding,
    product_types,
)
