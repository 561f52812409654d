"""All tables, imported here so Alembic and the app see the whole metadata."""

from shop.models.approvals import Absence, ApproverAssignment, OrderApprover, OrderEventRecord
from shop.models.audit import AuditEntry
from shop.models.cart import Cart, CartLine
from shop.models.catalog import (
    Category,
    FacetBitmap,
    ListingCount,
    Product,
    ProductAttribute,
    ProductMedia,
    SearchLexeme,
    SearchName,
)
from shop.models.company import Address, Company
from shop.models.content import (
    CatalogImport,
    ProductContentProblem,
    ProductType,
    ProductTypeAttribute,
)
from shop.models.customer_change import CustomerChangeRequest
from shop.models.datasheet_download import DatasheetDownload
from shop.models.erp_cache import CachedPrice, CachedStock, StockLookup, StockVersion
from shop.models.facet_version import FacetVersion
from shop.models.listing_version import ListingVersion
from shop.models.onboarding import ChecklistItem, ChecklistTick, Onboarding, OnboardingEvent
from shop.models.order import Order, OrderLine, OrderNumberCounter
from shop.models.order_life import (
    ErpUpdateCursor,
    ErpUpdateProblem,
    ErpUpdateReceipt,
    Invoice,
    Payment,
    Shipment,
    ShipmentLine,
)
from shop.models.outbox import OutboxEntry
from shop.models.rate_limits import RateLimitCounter
from shop.models.review import ReviewNote, ReviewTicket
from shop.models.roles import Role, user_roles
from shop.models.shopping_list import ShoppingList, ShoppingListLine
from shop.models.staff import StaffAuditEntry, StaffMember, StaffSession
from shop.models.user import PasswordToken, User, UserSession
from shop.models.vocabulary_version import VocabularyVersion

__all__ = [
    "SearchLexeme",
    "SearchName",
    "Absence",
    "ApproverAssignment",
    "OrderApprover",
    "OrderEventRecord",
    "Role",
    "user_roles",
    "AuditEntry",
    "CachedPrice",
    "CachedStock",
    "StockLookup",
    "StockVersion",
    "OutboxEntry",
    "ErpUpdateCursor",
    "ErpUpdateProblem",
    "ErpUpdateReceipt",
    "Invoice",
    "FacetBitmap",
    "ListingCount",
    "ListingVersion",
    "FacetVersion",
    "VocabularyVersion",
    "Payment",
    "Shipment",
    "ShipmentLine",
    "Address",
    "Cart",
    "CartLine",
    "Category",
    "Company",
    "CustomerChangeRequest",
    "Order",
    "OrderLine",
    "OrderNumberCounter",
    "PasswordToken",
    "Product",
    "ProductAttribute",
    "ProductMedia",
    "RateLimitCounter",
    "ReviewNote",
    "ReviewTicket",
    "StaffAuditEntry",
    "StaffMember",
    "StaffSession",
    "User",
    "UserSession",
    "ShoppingList",
    "ShoppingListLine",
    "Onboarding",
    "OnboardingEvent",
    "ChecklistItem",
    "ChecklistTick",
    "CatalogImport",
    "ProductContentProblem",
    "ProductType",
    "ProductTypeAttribute",
    "DatasheetDownload",
]
