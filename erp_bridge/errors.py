"""The two ways an ERP call fails, as the shop sees them."""


class ErpError(Exception):
    """Base of all ERP bridge errors."""


class ErpUnavailable(ErpError):
    """Technical failure: timeout, connection refused, HTTP or SOAP server error. Retry later."""


class ErpRejected(ErpError):
    """Business fault: the ERP understood the request and refused it (unknown customer,
    invalid data). Retrying the same request will not help."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
