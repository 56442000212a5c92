"""Private resume tokens and human-friendly reference numbers.

The token is shown once to its owner (as a link) and kept in their session; the database holds
only its SHA-256, so a copy of the database cannot be used to open anyone's answers.
"""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L, 5/S or 2/Z: a reference read aloud or copied by hand stays unambiguous.
REFERENCE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100  # token_urlsafe(32) is 43 characters; anything much longer is not ours


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_reference() -> str:
    """RE-XXXX-XXXX: 27**8 (about 2.8e11) values; uniqueness is enforced by the database."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"RE-{chars[:4]}-{chars[4:]}"
