"""`flask onboarding …`: the customer onboarding's commands (#12)."""

import click
from flask.cli import AppGroup

onboarding_cli = AppGroup("onboarding", help="Customer onboarding.")


@onboarding_cli.command("remind")
def remind_command() -> None:
    """Queue the training reminders due now (the ERP worker does it every 10 min)."""
    from shop.models.clock import utcnow
    from shop.services.onboarding import send_training_reminders

    click.echo(f"{send_training_reminders(utcnow())} training reminders queued.")
