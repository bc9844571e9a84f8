"""Tests of tools.verification."""

import hashlib

import pytest

from tools.verification import TOKEN_BYTES, is_pdf, is_token, new_token, sha256_hex


def test_new_token_has_192_random_bits():
    assert TOKEN_BYTES * 8 == 192
    tokens = {new_token() for __ in range(1000)}
    assert len(tokens) == 1000
    assert all(len(token) == 32 and is_token(token) for token in tokens)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "A" * 31,
        "A" * 33,
        "A" * 31 + "=",
        "A" * 31 + "/",
        "A" * 31 + ".",
        "A" * 31 + " ",
        "A" * 31 + "\N{LATIN SMALL LETTER E WITH ACUTE}",
        "1" * 31 + "\n",
        None,
        12,
        b"A" * 32,
    ],
)
def test_is_token_rejects_malformed(text):
    assert not is_token(text)


def test_is_token_accepts_url_safe_alphabet():
    assert is_token("AZaz09-_" * 4)


def test_sha256_hex():
    assert sha256_hex(b"") == ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert sha256_hex(b"%PDF-1.4") == hashlib.sha256(b"%PDF-1.4").hexdigest()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", True),
        (b"%PDF-", True),
        (b"", False),
        (b"PK\x03\x04", False),
        (b" %PDF-1.4", False),
    ],
)
def test_is_pdf(data, expected):
    assert is_pdf(data) is expected
