"""A small key-value cache table: rendered PDFs when no Redis is configured (CACHE_BACKEND=database)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import Model
from webapp.timestamps import UTCDateTime


class CacheEntry(Model):
    __tablename__ = "cache_entries"

    key: Mapped[str] = mapped_column(
        String(200), primary_key=True, comment="Cache key, e.g. report-pdf:<template version>:<digest>"
    )
    value: Mapped[bytes] = mapped_column(LargeBinary, comment="Cached bytes")
    expires_at: Mapped[datetime] = mapped_column(
        UTCDateTime, index=True, comment="Entry is ignored, then purged, after this time"
    )

    def __repr__(self) -> str:
        return f"<CacheEntry {self.key} until {self.expires_at}>"
