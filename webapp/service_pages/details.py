"""What the service pages say that the organisers decide: read from the configuration
(webapp/config.py `service_page_settings`), in the page's language where a French variant is set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ServiceDetails:
    email: str
    phone: str
    address: str
    hours: str
    reply_days: int
    feedback_url: str
    retention_months: int
    access_log_days: int
    resume_days: int
    reviewed: date | None

    @property
    def address_lines(self) -> list[str]:
        """The postal address as lines (the setting separates them with newlines or ' | ')."""
        return [line.strip() for line in self.address.replace(" | ", "\n").splitlines() if line.strip()]


def _localised(config: dict, name: str, language: str) -> str:
    """A free-text setting in `language` (NAME_FR...), else the default one."""
    return config.get(f"{name}_{language.upper()}") or config.get(name) or ""


def _review_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def service_details(config: dict, language: str) -> ServiceDetails:
    """The organisers' details for a page in `language`."""
    return ServiceDetails(
        email=config["CONTACT_EMAIL"],
        phone=_localised(config, "CONTACT_PHONE", language),
        address=_localised(config, "CONTACT_ADDRESS", language),
        hours=_localised(config, "CONTACT_HOURS", language),
        reply_days=config["CONTACT_REPLY_DAYS"],
        feedback_url=config["FEEDBACK_URL"],
        retention_months=config["RETENTION_MONTHS"],
        access_log_days=config["ACCESS_LOG_DAYS"],
        resume_days=config["RESUME_DAYS"],
        reviewed=_review_date(config["ACCESSIBILITY_REVIEWED"]),
    )
