"""The shop's only door to the ERP: a typed client, plain dataclasses and two exceptions.

Nothing outside this package imports zeep, builds XML or knows a SOAP fault.
"""

from erp_bridge.circuit import CallGate, CircuitRules, CircuitState
from erp_bridge.client import (
    FOREIGN_URL,
    NO_ARTICLE_DATA,
    UNKNOWN_FILE,
    ErpClient,
    get_client,
)
from erp_bridge.errors import ErpError, ErpRejected, ErpUnavailable
from erp_bridge.types import (
    Article,
    ArticleAttribute,
    ArticlePage,
    Contact,
    Customer,
    CustomerChange,
    DataProblem,
    ErpAddress,
    OrderLineToSubmit,
    OrderToSubmit,
    OrderUpdate,
    OrderUpdatePage,
    Price,
    ShippedLine,
    StockLevel,
)
from erp_bridge.validation import customer_number_key

__all__ = [
    "FOREIGN_URL",
    "NO_ARTICLE_DATA",
    "UNKNOWN_FILE",
    "Article",
    "ArticleAttribute",
    "ArticlePage",
    "CallGate",
    "CircuitRules",
    "CircuitState",
    "Contact",
    "Customer",
    "CustomerChange",
    "DataProblem",
    "ErpAddress",
    "ErpClient",
    "ErpError",
    "ErpRejected",
    "ErpUnavailable",
    "OrderLineToSubmit",
    "OrderToSubmit",
    "OrderUpdate",
    "OrderUpdatePage",
    "Price",
    "ShippedLine",
    "StockLevel",
    "customer_number_key",
    "get_client",
]
