"""Database models, one module per area; imported here so that migrations see them all."""

from webapp.models.admin import AdminUser, AuditEntry, Role
from webapp.models.cache import CacheEntry
from webapp.responses.model import Response, ResponseStatus

__all__ = ["AdminUser", "AuditEntry", "CacheEntry", "Response", "ResponseStatus", "Role"]
