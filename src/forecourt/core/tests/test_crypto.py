"""Field encryption with key rotation, and keyed lookup digests."""

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st

from forecourt.core import crypto


def test_round_trip_and_empty_stays_empty():
    token = crypto.encrypt("ABCPE1234F")
    assert token != "ABCPE1234F" and "ABCPE1234F" not in token
    assert crypto.decrypt(token) == "ABCPE1234F"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


@given(st.text(min_size=1, max_size=40))
def test_any_text_round_trips(value):
    assert crypto.decrypt(crypto.encrypt(value)) == value


def test_rotation_keeps_old_ciphertexts_readable_and_reencrypts(settings):
    old_token = crypto.encrypt("234123412346")
    new_key = Fernet.generate_key().decode()
    settings.FORECOURT_FIELD_KEYS = [new_key, *settings.FORECOURT_FIELD_KEYS]
    assert crypto.decrypt(old_token) == "234123412346"
    rotated = crypto.reencrypt(old_token)
    settings.FORECOURT_FIELD_KEYS = [new_key]
    assert crypto.decrypt(rotated) == "234123412346"
    with pytest.raises(crypto.UndecryptableValue):
        crypto.decrypt(old_token)


def test_lookup_digest_is_keyed_and_kind_specific(settings):
    digest = crypto.lookup_digest("pan", "ABCPE1234F")
    assert digest == crypto.lookup_digest("pan", "ABCPE1234F")
    assert digest != crypto.lookup_digest("aadhaar", "ABCPE1234F")
    settings.FORECOURT_HASH_KEY = "another-key"
    assert digest != crypto.lookup_digest("pan", "ABCPE1234F")
