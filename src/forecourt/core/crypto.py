"""Field encryption and keyed digests for personal identifiers (SPEC B4, H1).

Values are encrypted with MultiFernet over FORECOURT_FIELD_KEYS: the first key encrypts, every
key decrypts, so a new key can be put first and old ciphertexts re-encrypted at leisure
(`forecourt rotate_field_keys`). Exact lookups use an HMAC of the normalised value under
FORECOURT_HASH_KEY, never the value itself.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed


class UndecryptableValue(Exception):
    """A stored ciphertext that none of the configured keys can open."""


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = [key.strip() for key in settings.FORECOURT_FIELD_KEYS if key.strip()]
    if not keys:
        raise RuntimeError("FORECOURT_FIELD_KEYS must name at least one Fernet key.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting == "FORECOURT_FIELD_KEYS":
        _fernet.cache_clear()


setting_changed.connect(_forget_keys)


def encrypt(plaintext: str) -> str:
    """Return `plaintext` encrypted under the current key ('' stays '')."""
    if not plaintext:
        return ""
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    """Return the plaintext of a stored ciphertext ('' stays '')."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise UndecryptableValue("No configured field key opens this value.") from exc


def reencrypt(token: str) -> str:
    """Return `token` re-encrypted under the current (first) key."""
    if not token:
        return ""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise UndecryptableValue("No configured field key opens this value.") from exc


def lookup_digest(kind: str, value: str) -> str:
    """Return the keyed digest used to find a record by an exact identifier value."""
    if not value:
        return ""
    message = f"{kind}|{value}".encode()
    return hmac.new(settings.FORECOURT_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()
