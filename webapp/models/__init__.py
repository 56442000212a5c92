"""Database models, one module per area; imported here so that migrations see them all."""

from webapp.models.responses import CriterionResult, Response, ResponseStatus

__all__ = ["CriterionResult", "Response", "ResponseStatus"]
