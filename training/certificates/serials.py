"""Certificate serials: 100 random bits in Crockford's base32, five groups of four, easy to read aloud.

Crockford's alphabet has no I, L, O or U, so a serial read over the phone is not misheard; ``normalise``
accepts what people type (lower case, spaces, I/L for 1, O for 0) and returns the canonical form.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS = 100  # at least 96 bits, a multiple of 5 so that every character carries full entropy
LENGTH = BITS // 5
_TYPED = str.maketrans({"I": "1", "L": "1", "O": "0"})
_CANONICAL = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def new_serial() -> str:
    number = secrets.randbits(BITS)
    chars = []
    for _ in range(LENGTH):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return group("".join(reversed(chars)))


def group(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise(typed: str) -> str | None:
    """The canonical serial for what someone typed, or None if it cannot be one."""
    if not isinstance(typed, str) or len(typed) > 64:
        return None
    raw = re.sub(r"[\s\-_.]", "", typed).upper().translate(_TYPED)
    return group(raw) if _CANONICAL.match(raw) else None
