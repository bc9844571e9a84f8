# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Verification tokens and fingerprints of printed documents.

A verifiable document carries a random token in the link of its QR code
(``/sakip/verify/<token>``); its document of record is known by its SHA-256.
"""

import hashlib
import re
import secrets

#: Random bytes of a verification token: 192 bits, above the 128 required.
TOKEN_BYTES = 24

#: A token as :func:`new_token` makes it: URL-safe base64 of :data:`TOKEN_BYTES`
#: bytes, without padding (4 characters per 3 bytes).
TOKEN_RE = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_BYTES * 4 // 3}}}")

#: Every PDF file starts with this header (ISO 32000-1, 7.5.2).
PDF_MAGIC = b"%PDF-"


def new_token():
    """Return a fresh random verification token (URL-safe text)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(text):
    """Tell whether ``text`` has the form of a token made by :func:`new_token`."""
    return isinstance(text, str) and TOKEN_RE.fullmatch(text) is not None


def sha256_hex(data):
    """Return the SHA-256 of ``data`` (bytes) as 64 hexadecimal digits."""
    return hashlib.sha256(data).hexdigest()


def is_pdf(data):
    """Tell whether ``data`` (bytes) starts like a PDF file."""
    return data.startswith(PDF_MAGIC)
