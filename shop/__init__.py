"""The shop's application factory: reads config, binds extensions, registers blueprints."""

from flask import Flask

from shop.config import ROOT, Config, check_production_safety, engine_options
from shop.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_path=Config().INSTANCE_DIR,
    )
    app.config.from_mapping(Config().as_dict())
    app.config.update(overrides or {})
    check_production_safety(app.config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)

    from shop import models  # noqa: F401  (registers the tables)
    from shop.models.sqlite import configure_sqlite
    from shop.web import locale, navigation, security, templating

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(
        app,
        locale_selector=locale.select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    limiter.init_app(app)
    login_manager.init_app(app)

    security.init_app(app)
    locale.init_app(app)
    templating.init_app(app)
    app.url_map.converters["int"] = navigation.IdConverter
    _register_blueprints(app)

    from shop.cli import register_commands

    register_commands(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from customer_center import bp as customer_center_bp
    from shop.auth.views import bp as auth_bp
    from shop.backoffice.views import bp as back_office_bp
    from shop.cart.views import bp as cart_bp
    from shop.catalog.views import bp as catalog_bp
    from shop.checkout.views import bp as checkout_bp
    from shop.dev.views import bp as dev_bp
    from shop.health import bp as health_bp
    from shop.lists.views import bp as lists_bp
    from shop.orders.views import bp as orders_bp

    for bp in (catalog_bp, auth_bp, cart_bp, checkout_bp, orders_bp, health_bp, customer_center_bp):
        app.register_blueprint(bp)
    app.register_blueprint(lists_bp)
    app.register_blueprint(back_office_bp)
    if app.config["DEV_PAGES"]:
        app.register_blueprint(dev_bp)
