"""The bundled ERP simulator: a real SOAP service over HTTP implementing erp.wsdl."""
