"""The Flask app: `create_app()` wires configuration, extensions, blueprints and commands."""

from __future__ import annotations

from flask import Flask

from webapp import config as app_config


def create_app(overrides: dict | None = None) -> Flask:
    """Build an app; `overrides` (tests) win over the environment."""
    app = Flask(__name__, instance_path=str(app_config.INSTANCE_DIR))
    app.config.update(app_config.from_environment())
    app.config.update(overrides or {})
    app_config.check_safe(app.config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        app_config.INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

    from webapp import admin, boundary, database, errors, i18n, instruments, limits, models, operations, security, telemetry  # noqa: F401 - models for migrations
    from webapp.extensions import csrf, db, migrate

    db.init_app(app)
    with app.app_context():
        database.ping_idle_connections(db.engine, app.config["DATABASE_PING_AFTER"])
    migrate.init_app(app, db, directory=str(app_config.MIGRATIONS_DIR))
    csrf.init_app(app)
    i18n.init_app(app)
    instruments.init_app(app)
    security.init_app(app)
    boundary.init_app(app)
    admin.init_app(app)
    errors.init_app(app)
    operations.init_app(app)
    telemetry.init_app(app)
    _register_blueprints(app)
    limits.init_app(app)  # after the blueprints: it limits some of their endpoints
    _register_commands(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from webapp.admin import blueprint as admin
    from webapp.api import blueprint as api
    from webapp.questionnaire import blueprint as questionnaire
    from webapp.service_pages import blueprint as service_pages

    app.register_blueprint(questionnaire)
    app.register_blueprint(service_pages)
    app.register_blueprint(api, url_prefix="/api/v1")
    app.register_blueprint(admin, url_prefix="/admin")


def _register_commands(app: Flask) -> None:
    from webapp.admin.cli import admin_cli
    from webapp.cli import instrument_cli
    from webapp.retention import purge_command

    app.cli.add_command(instrument_cli)
    app.cli.add_command(admin_cli)
    app.cli.add_command(purge_command)
