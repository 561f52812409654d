"""Flask commands: demo data and the large-catalogue generator."""

import click
from flask import Flask
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the shop already has products.")
def load_command(if_empty: bool) -> None:
    """Load the demo catalogue, demo companies and users."""
    from shop.demo.loader import load_demo_data, shop_is_empty

    if if_empty and not shop_is_empty():
        click.echo("Shop already has data; demo data not loaded.")
        return
    summary = load_demo_data()
    click.echo(summary)


@demo_cli.command("generate")
@click.option("--products", type=int, required=True, help="How many products to add.")
def generate_command(products: int) -> None:
    """Add generated products for benchmarks (e.g. --products 100000)."""
    from shop.demo.loader import generate_products

    added = generate_products(products)
    click.echo(f"{added} products added.")


@demo_cli.command("logins")
def logins_command() -> None:
    """Print the demo logins."""
    from shop.demo.loader import DEMO_LOGINS, DEMO_PASSWORD

    for email, role in DEMO_LOGINS:
        click.echo(f"  {email:<32} {role:<20} password: {DEMO_PASSWORD}")


def register_commands(app: Flask) -> None:
    app.cli.add_command(demo_cli)
