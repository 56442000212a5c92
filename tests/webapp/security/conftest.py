"""The admin fixtures (accounts, signed-in clients, responses) for the security tests too."""

from tests.webapp.admin.conftest import accounts, admin_client, make_response, scored_response, viewer_client  # noqa: F401
