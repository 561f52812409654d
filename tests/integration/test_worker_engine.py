"""The ERP worker's engine is configured without pre-ping; web processes keep it (#10)."""

from shop.extensions import db
from shop.services.erp_worker import worker_app


def test_the_worker_pings_no_connection_it_checks_out_and_the_web_app_does(app):
    worker = worker_app(app)
    with worker.app_context():
        assert db.engine.pool._pre_ping is False
        # Everything else is the app's: the same database and ERP.
        assert worker.config["SQLALCHEMY_DATABASE_URI"] == app.config["SQLALCHEMY_DATABASE_URI"]
        assert worker.config["ERP_WSDL_URL"] == app.config["ERP_WSDL_URL"]
    with app.app_context():
        assert db.engine.pool._pre_ping is True
