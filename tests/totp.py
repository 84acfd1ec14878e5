"""RFC 6238 TOTP as an authenticator app computes it (HMAC-SHA1, 30-second steps, 6 digits), written
here from the RFC rather than taken from allauth, so the tests check allauth against the standard."""

import base64
import hashlib
import hmac
import struct
import time

STEP = 30


def totp(secret, at=None, digits=6):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // STEP)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10 ** digits:0{digits}d}"


def fresh_totp(secret, margin=5):
    """A code with at least `margin` seconds left in its step (waits for the next step otherwise), so it
    is still valid when the server checks it."""
    left = STEP - time.time() % STEP
    if left < margin:
        time.sleep(left + 0.1)
    return totp(secret)
