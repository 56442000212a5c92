"""The admin area at /admin: sign-in, responses, aggregates, priority list, exports, audit log.

Every view of the blueprint demands a signed-in account (`auth.require_sign_in` runs before each
request); the few that change data also demand the admin role.
"""

from flask import Blueprint, Flask

blueprint = Blueprint("admin", __name__)


def init_app(app: Flask) -> None:
    """Sign-in machinery (Flask-Login) for the admin area."""

    auth.init_app(app)


from webapp.admin import auth, views, whatif_views  # noqa: E402,F401
