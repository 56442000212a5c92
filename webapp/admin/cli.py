"""`flask admin ...`: create an admin account, reset a password, fill the database with demo data.

Passwords come from a hidden prompt (asked twice) or from the ADMIN_PASSWORD environment
variable; they are never echoed nor taken as a command-line argument (shell history, `ps`).
"""

from __future__ import annotations

import os
import sys
import time

import click
from flask.cli import AppGroup

from webapp.admin import services
from webapp.models import Role

admin_cli = AppGroup("admin", help="Admin accounts and demo data.")
PASSWORD_VARIABLE = "ADMIN_PASSWORD"  # nosec B105 # the name of an environment variable, not a password


def _password() -> str:
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment:
        return from_environment
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@admin_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([Role.ADMIN.value, Role.VIEWER.value]),
    default=Role.ADMIN.value,
    show_default=True,
    help="admin: everything; viewer: reads and exports, cannot change or delete.",
)
def create(email: str, role: str) -> None:
    """Create an account (password from a hidden prompt or $ADMIN_PASSWORD)."""
    try:
        user = services.create_admin(email, _password(), role)
    except services.AccountError as error:
        click.echo(f"Refused: {error}", err=True)
        sys.exit(1)
    click.echo(f"Created {user.role} account {user.email}.")


@admin_cli.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Set a new password (hidden prompt or $ADMIN_PASSWORD); signs the account out everywhere."""
    try:
        user = services.reset_password(email, _password())
    except services.AccountError as error:
        click.echo(f"Refused: {error}", err=True)
        sys.exit(1)
    click.echo(f"Password reset for {user.email}; its open sessions are signed out.")


@admin_cli.command("seed")
@click.argument("count", type=click.IntRange(1, 10_000_000))
@click.option("--seed", default=2020, show_default=True, help="Random seed: the same seed gives the same answers.")
@click.option("--instrument", "slug", default=None, help="Instrument slug (default: the default instrument).")
@click.option("--batch", default=2000, show_default=True, help="Rows per bulk insert.")
@click.option("--workers", default=os.cpu_count() or 1, show_default="CPU count", help="Processes answering and scoring.")
def seed(count: int, seed: int, slug: str | None, batch: int, workers: int) -> None:
    """Add COUNT realistic synthetic responses (scored by the engine) for demos and benchmarks."""
    from webapp.admin.synthetic import insert_synthetic
    from webapp.instruments import registry

    instrument = registry().get(slug) if slug else registry().default
    if instrument is None:
        click.echo(f"Refused: no instrument '{slug}'.", err=True)
        sys.exit(1)
    started = time.perf_counter()

    def progress(done: int) -> None:
        if done % 20_000 < batch or done == count:
            click.echo(f"  {done:,} / {count:,} ({time.perf_counter() - started:.0f} s)", err=True)

    inserted = insert_synthetic(instrument, count, seed=seed, batch=batch, progress=progress, workers=workers)
    click.echo(f"Inserted {inserted:,} synthetic responses in {time.perf_counter() - started:.1f} s.")
