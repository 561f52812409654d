"""The SOAP face of the simulator: spyne types and operations; spyne also writes the WSDL.

Document/literal, SOAP 1.1, namespace NAMESPACE. The WSDL spyne generates from
this module is the contract, saved as erp_bridge/erp.wsdl (regenerate with
``python -m erp_bridge.simulator --print-wsdl``).
"""

import io
import logging
from urllib.parse import urlsplit

from lxml import etree
from spyne import (
    Application,
    Array,
    Boolean,
    ByteArray,
    ComplexModel,
    Date,
    DateTime,
    Decimal,
    Fault,
    Integer,
    ServiceBase,
    Unicode,
    rpc,
)
from spyne.protocol.soap import Soap11
from spyne.protocol.xml import SchemaValidationError
from spyne.server.wsgi import WsgiApplication

from erp_bridge.simulator.articles import MAX_ARTICLES_PER_PAGE
from erp_bridge.simulator.backend import (
    CHANGE_KINDS,
    MAX_UPDATES_PER_PAGE,
    UPDATE_KINDS,
    ErpBackend,
    Rejected,
)
from erp_bridge.simulator.data import ADDRESS_KINDS, PAYMENT_METHODS

NAMESPACE = "urn:b2b-shop:erp:v1"
SERVICE_NAME = "ErpService"
WSDL_PLACEHOLDER_URL = "http://127.0.0.1:8099/soap"
XSD = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"

Text = Unicode(min_occurs=1, nillable=False)
OptionalText = Unicode(min_occurs=0, nillable=False)
Money = Decimal(min_occurs=1, nillable=False)
Count = Integer(min_occurs=1, nillable=False)
Moment = DateTime(min_occurs=1, nillable=False, timezone=True)
DELIVERY_METHODS = ("standard", "express", "pickup")


def _enumeration(type_name: str, values: tuple[str, ...]):
    """A named xs:string restriction in the contract's namespace, required, not nillable."""
    # Declared with its occurrence at once: customizing it later would make spyne emit a
    # second, anonymous copy of the enumeration.
    kind = Unicode(values=list(values), type_name=type_name, min_occurs=1, nillable=False)
    kind.__namespace__ = NAMESPACE
    return kind


PaymentMethod = _enumeration("PaymentMethod", PAYMENT_METHODS)
DeliveryMethod = _enumeration("DeliveryMethod", DELIVERY_METHODS)
AddressKind = _enumeration("AddressKind", ADDRESS_KINDS)
UpdateKind = _enumeration("UpdateKind", UPDATE_KINDS)
LineNumber = Integer(min_occurs=1, nillable=False, ge=1)
PageLimit = Integer(min_occurs=1, nillable=False, ge=1, le=MAX_UPDATES_PER_PAGE)
ArticlePageSize = Integer(min_occurs=1, nillable=False, ge=1, le=MAX_ARTICLES_PER_PAGE)


class _ContractFault(Fault):
    """A business fault of the contract; its faultcode is "Client." + the type name's stem."""

    __namespace__ = NAMESPACE


class UnknownCustomerFault(_ContractFault):
    """faultcode Client.UnknownCustomer: no customer with that number."""

    __type_name__ = "UnknownCustomerFault"


class UnknownContactFault(_ContractFault):
    """faultcode Client.UnknownContact: the customer has no contact with that contactId."""

    __type_name__ = "UnknownContactFault"


class UnknownOrderFault(_ContractFault):
    """faultcode Client.UnknownOrder: the ERP received no order with that orderNumber."""

    __type_name__ = "UnknownOrderFault"


class ChangeRefusedFault(_ContractFault):
    """faultcode Client.ChangeRefused: the ERP will not make this change to the customer's
    master data (e.g. a VAT id of another country than the billing address)."""

    __type_name__ = "ChangeRefusedFault"


class NoArticleDataFault(_ContractFault):
    """faultcode Client.NoArticleData: this ERP keeps no article data for the shop (contract
    v1.3; an ERP on an older contract answers GetArticles with a fault for an unknown
    operation instead)."""

    __type_name__ = "NoArticleDataFault"


class InvalidDataFault(_ContractFault):
    """faultcode Client.InvalidData: well-formed SOAP whose data is not acceptable."""

    __type_name__ = "InvalidDataFault"


# spyne logs every Fault a method raises with a traceback at ERROR: business
# faults are normal answers here, not errors of the simulator.
logging.getLogger("spyne.application").setLevel(logging.CRITICAL)
logging.getLogger("spyne.application.server").setLevel(logging.CRITICAL)


def _list_of(item, member_name: str, type_name: str):
    """A required wrapper element holding zero or more `member_name` items."""
    return Array(item, member_name=member_name, type_name=type_name).customize(
        min_occurs=1, nillable=False
    )


class _Model(ComplexModel):
    __namespace__ = NAMESPACE


class Address(_Model):
    _type_info = [
        ("kind", AddressKind),
        ("name", Text),
        ("street", Text),
        ("postalCode", Text),
        ("city", Text),
        ("country", Text),
    ]


class Customer(_Model):
    _type_info = [
        ("customerNumber", Text),
        ("name", Text),
        ("vatId", Text),
        ("customerCenter", Boolean(min_occurs=1, nillable=False)),
        ("paymentTerms", Text),
        ("paymentMethods", _list_of(PaymentMethod, "paymentMethod", "PaymentMethodArray")),
        ("addresses", _list_of(Address, "address", "AddressArray")),
    ]


class Contact(_Model):
    _type_info = [
        ("contactId", OptionalText),
        ("name", Text),
        ("email", Text),
        ("phone", OptionalText),
    ]


class Price(_Model):
    _type_info = [("sku", Text), ("netPrice", Money), ("currency", Text)]


class StockLevel(_Model):
    _type_info = [("sku", Text), ("quantity", Count)]


class OrderLine(_Model):
    _type_info = [
        ("lineNumber", LineNumber),
        ("sku", Text),
        ("quantity", Count),
        ("unit", Text),
        ("unitPrice", Money),
        ("vatRate", Money),
    ]


class Order(_Model):
    _type_info = [
        ("orderNumber", Text),
        ("customerNumber", Text),
        ("orderedAt", Moment),
        ("currency", Text),
        ("totalNet", Money),
        ("paymentMethod", PaymentMethod),
        ("deliveryMethod", DeliveryMethod),
        ("deliveryAddress", Address.customize(min_occurs=1, nillable=False)),
        ("customerReference", OptionalText),
        ("comment", OptionalText),
        ("ordererEmail", Text),
        (
            "lines",
            _list_of(OrderLine, "line", "LineArray"),
        ),
        # Contract v1.2 (#15): optional, so clients written before it still work.
        ("requestedDeliveryDate", Date(min_occurs=0, nillable=False)),
    ]


class ShippedLine(_Model):
    _type_info = [("lineNumber", LineNumber), ("sku", Text), ("quantity", Count)]


OptionalMoney = Decimal(min_occurs=0, nillable=False)
OptionalDay = Date(min_occurs=0, nillable=False)


class OrderUpdate(_Model):
    _type_info = [
        ("updateId", Text),
        ("orderNumber", Text),
        ("erpOrderNumber", Text),
        ("kind", UpdateKind),
        ("occurredAt", Moment),
        ("trackingNumber", OptionalText),
        ("trackingUrl", OptionalText),
        ("invoiceNumber", OptionalText),
        ("invoicePdf", ByteArray(min_occurs=0, nillable=False)),
        ("message", OptionalText),
        # Contract v1.1: optional, so an ERP speaking v1.0 still fits.
        ("carrier", OptionalText),
        (
            "shippedLines",
            Array(ShippedLine, member_name="shippedLine", type_name="ShippedLineArray").customize(
                min_occurs=0, nillable=False
            ),
        ),
        ("invoiceDate", OptionalDay),
        ("dueDate", OptionalDay),
        ("currency", OptionalText),
        ("netAmount", OptionalMoney),
        ("vatAmount", OptionalMoney),
        ("grossAmount", OptionalMoney),
        ("paidAmount", OptionalMoney),
    ]


ChangeKind = _enumeration("ChangeKind", CHANGE_KINDS)


class CustomerChange(_Model):
    """A change to the customer's master data the shop asks for (contract v1.2): a new
    billing or delivery address, or a new VAT id. The ERP decides and stays the master."""

    _type_info = [
        ("requestId", Text),
        ("kind", ChangeKind),
        ("vatId", OptionalText),
        ("address", Address.customize(min_occurs=0, nillable=False)),
        ("requestedBy", Text),
    ]


class ArticleAttribute(_Model):
    """A technical attribute of an article: its key ("length") and its value per language
    ("40 mm"; "steel" / "Stahl"); valueDe omitted: the same as valueEn."""

    _type_info = [("key", Text), ("valueEn", Text), ("valueDe", OptionalText)]


class Article(_Model):
    """An article as the ERP keeps it (contract v1.3). Everything but sku and changedAt is
    optional: what an article leaves out, the shop keeps as it has it. imageUrl and
    datasheetUrl are absolute URLs on the ERP's own host."""

    _type_info = [
        ("sku", Text),
        ("changedAt", Moment),
        ("nameEn", OptionalText),
        ("nameDe", OptionalText),
        ("descriptionEn", OptionalText),
        ("descriptionDe", OptionalText),
        ("manufacturer", OptionalText),
        ("categoryCode", OptionalText),
        ("productTypeCode", OptionalText),
        ("unit", OptionalText),
        ("ean", OptionalText),
        ("listPrice", OptionalMoney),
        ("vatRate", OptionalMoney),
        (
            "attributes",
            Array(
                ArticleAttribute, member_name="attribute", type_name="ArticleAttributeArray"
            ).customize(min_occurs=0, nillable=False),
        ),
        ("imageUrl", OptionalText),
        ("datasheetUrl", OptionalText),
    ]


SkuArray = _list_of(Unicode, "sku", "SkuArray")


def _backend(ctx) -> ErpBackend:
    return ctx.app.erp_backend


_FAULTS = {
    "Client.UnknownCustomer": UnknownCustomerFault,
    "Client.UnknownContact": UnknownContactFault,
    "Client.InvalidData": InvalidDataFault,
    "Client.UnknownOrder": UnknownOrderFault,
    "Client.ChangeRefused": ChangeRefusedFault,
    "Client.NoArticleData": NoArticleDataFault,
}


def _business(call):
    """Run a backend call and turn a business refusal into its declared Client.* SOAP fault."""
    try:
        return call()
    except Rejected as refusal:
        fault = _FAULTS.get(refusal.code, Fault)
        raise fault(faultcode=refusal.code, faultstring=refusal.message) from None


def _address(model: Address) -> dict:
    return {name: getattr(model, name) for name, _ in Address._type_info.items()}


class ErpService(ServiceBase):
    """The operations of the ERP contract.

    Method and parameter names are the wire names of the WSDL, hence CamelCase. Each
    docstring becomes the operation's wsdl:documentation.
    """

    @rpc(
        Text,
        Text,
        Text,
        _returns=Boolean(min_occurs=1, nillable=False),
        _out_variable_name="allowed",
        _faults=[InvalidDataFault],
    )
    def VerifyCustomerCenterAccess(ctx, customerNumber, invoiceNumber, email):
        """True only when the customer exists, carries the customer-center flag and the
        invoice number (case-insensitive) is one of its invoices; never says which failed.
        Customer numbers match without regard to case and surrounding blanks; answers carry
        the ERP's own spelling, which the shop stores and sends from then on."""
        return _backend(ctx).verify_customer_center_access(customerNumber, invoiceNumber, email)

    @rpc(
        Text,
        _returns=Customer.customize(min_occurs=1, nillable=False),
        _out_variable_name="customer",
        _faults=[UnknownCustomerFault, InvalidDataFault],
    )
    def GetCustomer(ctx, customerNumber):
        """The customer's master data. Customer numbers match without regard to case and
        surrounding blanks; customerNumber in the answer is the ERP's own spelling, which the
        shop stores and sends from then on."""
        customer = _business(lambda: _backend(ctx).customer(customerNumber))
        return Customer(
            customerNumber=customer.customer_number,
            name=customer.name,
            vatId=customer.vat_id,
            customerCenter=customer.customer_center,
            paymentTerms=customer.payment_terms,
            paymentMethods=list(customer.payment_methods),
            addresses=[
                Address(
                    kind=a.kind,
                    name=a.name,
                    street=a.street,
                    postalCode=a.postal_code,
                    city=a.city,
                    country=a.country,
                )
                for a in customer.addresses
            ],
        )

    @rpc(
        Text,
        _returns=_list_of(Contact, "contact", "ContactArray"),
        _out_variable_name="contacts",
        _faults=[UnknownCustomerFault, InvalidDataFault],
    )
    def ListContacts(ctx, customerNumber):
        """The customer's contacts (customer number matched without regard to case)."""
        contacts = _business(lambda: _backend(ctx).contacts(customerNumber))
        return [Contact(**contact) for contact in contacts]

    @rpc(
        Text,
        Contact.customize(min_occurs=1, nillable=False),
        _returns=Contact.customize(min_occurs=1, nillable=False),
        _out_variable_name="contact",
        _faults=[UnknownCustomerFault, UnknownContactFault, InvalidDataFault],
    )
    def UpsertContact(ctx, customerNumber, contact):
        """Update the contact with this contactId; without one, the customer's contact with
        the same e-mail address (case-insensitive), else create it. An empty phone keeps the
        ERP's phone. Returns the contact with its contactId."""
        values = {
            "contactId": contact.contactId,
            "name": contact.name,
            "email": contact.email,
            "phone": contact.phone,
        }
        saved = _business(lambda: _backend(ctx).upsert_contact(customerNumber, values))
        return Contact(**saved)

    @rpc(
        Text,
        SkuArray,
        _returns=_list_of(Price, "price", "PriceArray"),
        _out_variable_name="prices",
        _faults=[UnknownCustomerFault, InvalidDataFault],
    )
    def GetPrices(ctx, customerNumber, skus):
        """Customer-specific net prices of at most 1000 SKUs; SKUs without a price are left
        out."""
        prices = _business(lambda: _backend(ctx).prices(customerNumber, list(skus or [])))
        return [Price(**price) for price in prices]

    @rpc(
        SkuArray,
        _returns=_list_of(StockLevel, "stockLevel", "StockLevelArray"),
        _out_variable_name="stockLevels",
        _faults=[InvalidDataFault],
    )
    def GetStock(ctx, skus):
        """Available quantity of at most 1000 SKUs, every SKU asked for."""
        levels = _business(lambda: _backend(ctx).stock(list(skus or [])))
        return [StockLevel(**level) for level in levels]

    @rpc(
        Order.customize(min_occurs=1, nillable=False),
        _returns=Text,
        _out_variable_name="erpOrderNumber",
        _faults=[UnknownCustomerFault, InvalidDataFault],
    )
    def SubmitOrder(ctx, order):
        """Record the order; idempotent by orderNumber (the same number again returns the
        same erpOrderNumber and records nothing). Lines carry a lineNumber unique within the
        order, the unit of the quantity and the VAT rate in percent."""
        values = {name: getattr(order, name) for name in Order._type_info}
        values["deliveryAddress"] = _address(order.deliveryAddress)
        values["lines"] = [
            {name: getattr(line, name) for name in OrderLine._type_info}
            for line in order.lines or []
        ]
        return _business(lambda: _backend(ctx).submit_order(values))

    @rpc(
        OptionalText,
        PageLimit,
        _returns=(
            _list_of(OrderUpdate, "update", "OrderUpdateArray"),
            Text,
            Boolean(min_occurs=1, nillable=False),
        ),
        _out_variable_names=("updates", "nextCursor", "hasMore"),
        _faults=[InvalidDataFault],
    )
    def GetOrderUpdates(ctx, afterUpdateId, limit):
        """At most `limit` updates recorded after the update afterUpdateId (omitted: from
        the first), in the order the ERP recorded them. Pass nextCursor as afterUpdateId to
        read on; hasMore says whether more are waiting. An unknown afterUpdateId is refused
        with Client.InvalidData."""
        page = _business(lambda: _backend(ctx).order_updates(afterUpdateId, limit))
        result = []
        for update in page.updates:
            pdf = update.pop("invoicePdf")
            lines = [ShippedLine(**line) for line in update.pop("shippedLines")]
            result.append(
                OrderUpdate(invoicePdf=[pdf] if pdf else None, shippedLines=lines or None, **update)
            )
        return result, page.next_cursor, page.has_more

    @rpc(
        Text,
        _returns=Boolean(min_occurs=1, nillable=False),
        _out_variable_name="released",
        _faults=[UnknownOrderFault],
    )
    def ReleaseOrder(ctx, orderNumber):
        """Release the order for shipment (SPEC §8). Orders paid on account are released
        when received; a prepayment order waits for this call, which the shop makes once
        the ERP reported the payment (update kind "paid"). Idempotent: releasing again
        changes nothing. Until released, the ERP does not ship a prepayment order."""
        return _business(lambda: _backend(ctx).release_order(orderNumber))

    @rpc(
        Text,
        CustomerChange.customize(min_occurs=1, nillable=False),
        _returns=Text,
        _out_variable_name="requestReference",
        _faults=[UnknownCustomerFault, ChangeRefusedFault, InvalidDataFault],
    )
    def RequestCustomerChange(ctx, customerNumber, change):
        """Ask the ERP to change the customer's billing or delivery address or VAT id
        (contract v1.2). Idempotent by requestId: the same id again returns the same
        requestReference and records nothing. The ERP may refuse with Client.ChangeRefused;
        an accepted change shows in GetCustomer once the ERP has made it."""
        values = {
            "requestId": change.requestId,
            "kind": change.kind,
            "vatId": change.vatId,
            "address": _address(change.address) if change.address is not None else None,
            "requestedBy": change.requestedBy,
        }
        return _business(lambda: _backend(ctx).request_customer_change(customerNumber, values))

    @rpc(_returns=Boolean(min_occurs=1, nillable=False), _out_variable_name="ok")
    def Ping(ctx):
        """True while the ERP answers."""
        return True


class ArticleService(ServiceBase):
    """Contract v1.3: the ERP's article data. Optional for an ERP, hence its own service
    class: the simulator of an older contract (--contract 1.2) is built without it."""

    __service_name__ = SERVICE_NAME

    @rpc(
        DateTime(min_occurs=0, nillable=False, timezone=True),
        OptionalText,
        ArticlePageSize,
        _returns=(_list_of(Article, "article", "ArticleArray"), OptionalText),
        _out_variable_names=("articles", "nextPageToken"),
        _faults=[NoArticleDataFault, InvalidDataFault],
    )
    def GetArticles(ctx, changedSince, pageToken, pageSize):
        """Contract v1.3, optional: at most pageSize articles (1-500) changed after
        changedSince (omitted: all), in the ERP's order. Pass nextPageToken as pageToken to
        read on; no nextPageToken: this was the last page. An ERP that keeps no article data
        answers Client.NoArticleData; an unknown pageToken is refused with
        Client.InvalidData."""
        environ = ctx.transport.req_env
        host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        media_base = f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
        page = _business(
            lambda: _backend(ctx).articles(changedSince, pageToken, pageSize, media_base)
        )
        articles = [
            Article(
                **{name: value for name, value in article.items() if name != "attributes"},
                attributes=[ArticleAttribute(**a) for a in article["attributes"]] or None,
            )
            for article in page.articles
        ]
        return articles, page.next_page_token


class _ContractSoap11(Soap11):
    """Soap11 whose schema-validation fault uses the contract's Client.InvalidData code."""

    def validate_body(self, ctx, message):
        try:
            super().validate_body(ctx, message)
        except SchemaValidationError as error:
            detail = error.faultstring
            if isinstance(detail, bytes):
                detail = detail.decode("ascii", "replace")
            raise Fault(
                faultcode="Client.InvalidData",
                faultstring=f"the request does not match the contract: {detail}",
            ) from None


CONTRACT_VERSIONS = ("1.2", "1.3")
CONTRACT_VERSION = CONTRACT_VERSIONS[-1]


def build_application(backend: ErpBackend | None, contract: str = CONTRACT_VERSION) -> Application:
    """The spyne application; `backend` may be None when only the WSDL is wanted. `contract`
    "1.2" builds an ERP of the older contract, without GetArticles."""
    services = [ErpService] if contract == "1.2" else [ErpService, ArticleService]
    application = Application(
        services,
        tns=NAMESPACE,
        name=SERVICE_NAME,
        in_protocol=_ContractSoap11(validator="lxml"),
        out_protocol=Soap11(),
    )
    application.erp_backend = backend
    return application


def build_wsgi_application(
    backend: ErpBackend | None, contract: str = CONTRACT_VERSION
) -> WsgiApplication:
    """The spyne application as a WSGI callable serving SOAP and ?wsdl."""
    return WsgiApplication(build_application(backend, contract))


def _spyne_wsdl(url: str, contract: str = CONTRACT_VERSION) -> bytes:
    """The WSDL as spyne itself generates it for `url`."""
    parts = urlsplit(url)
    environ = {
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": "wsdl",
        "PATH_INFO": parts.path or "/",
        "SCRIPT_NAME": "",
        "SERVER_NAME": parts.hostname or "127.0.0.1",
        "SERVER_PORT": str(parts.port or 80),
        "HTTP_HOST": parts.netloc,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": parts.scheme or "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": True,
    }
    answer: list[str] = []
    body = b"".join(
        build_wsgi_application(None, contract)(
            environ, lambda status, headers: answer.append(status)
        )
    )
    if not answer or not answer[0].startswith("200"):
        raise RuntimeError(f"spyne did not render the WSDL: {answer}")
    return body


def render_wsdl(url: str = WSDL_PLACEHOLDER_URL, contract: str = CONTRACT_VERSION) -> bytes:
    """The WSDL the simulator serves at `url`?wsdl, in the form kept in erp_bridge/erp.wsdl.

    spyne orders the schema's types differently from one process to the next,
    so the types and elements are sorted by name and the document is indented:
    the same contract always gives the same bytes.
    """
    root = etree.fromstring(_spyne_wsdl(url, contract), etree.XMLParser(remove_blank_text=True))
    for schema in root.iter(f"{{{XSD}}}schema"):
        children = list(schema)
        rank = {f"{{{XSD}}}import": 0, f"{{{XSD}}}complexType": 1, f"{{{XSD}}}element": 3}
        for child in children:
            schema.remove(child)
        children.sort(key=lambda child: (rank.get(child.tag, 2), child.get("name") or ""))
        schema.extend(children)
    # Docstrings become wsdl:documentation: one paragraph each, without source indentation.
    for documentation in root.iter(f"{{{WSDL}}}documentation"):
        documentation.text = " ".join((documentation.text or "").split())
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")
