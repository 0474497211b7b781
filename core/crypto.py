"""Personal data encrypted at rest: an applicant's identity number and the scans of their documents
(依申请公开, issue 19; 《个人信息保护法》第五十一条 requires 加密、去标识化等安全技术措施 for such data).

Fernet (the `cryptography` package: AES-128-CBC with HMAC-SHA256, a timestamped token) under the keys of
`settings.PORTAL_FIELD_KEYS`: the first encrypts, every key decrypts (MultiFernet), so a key is rotated by
putting the new one first and re-saving. Without keys set (development, tests) one key is derived from
SECRET_KEY; production sets PORTAL_FIELD_KEYS (settings refuse to start without it when DEBUG is off).
A database dump or a copy of the media folder then shows tokens, never the numbers or the scans."""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "enc1:"  # marks a stored token, so a plain value left by an earlier version is still read


@cache
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    if not keys:
        derived = base64.urlsafe_b64encode(hashlib.sha256(f"portal-field-key:{secret}".encode()).digest())
        keys = (derived.decode(),)
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(getattr(settings, "PORTAL_FIELD_KEYS", ()) or ()), settings.SECRET_KEY)


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """The plain bytes; InvalidToken when the data was not encrypted with any configured key."""
    return fernet().decrypt(token)


def encrypt_text(value: str) -> str:
    if not value:
        return ""
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt_text(stored: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        return ""  # a key was dropped before the value was re-encrypted: shown as missing, never raised


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token: the model reads and writes the plain value. It cannot be
    searched or sorted in the database (a token differs each time); keep a masked copy for display."""

    def from_db_value(self, value, expression, connection):
        return decrypt_text(value) if value is not None else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt_text(value) if value else value


def mask_id_number(value: str) -> str:
    """An identity number as staff see it: the first 3 and last 4 characters (110***********1234)."""
    value = (value or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
