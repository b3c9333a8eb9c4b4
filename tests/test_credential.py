"""Open Badges 3.0 credentials: shape, 1EdTech JSON Schema, contexts, VC-JWT signing checked by joserfc, keys.

The conformance data (1EdTech's JSON Schema, the JSON-LD contexts) is read from ``../shared/conformance/openbadges3``
beside the project and copied nowhere; where it is absent those tests are skipped with a message. Signatures are
checked by an independent JOSE library (joserfc) as well as by our own ``verify``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OKPKey
from jsonschema import Draft201909Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT201909

from training.certificates.credential import (
    CONTEXT,
    SCHEMA_URL,
    CredentialError,
    build_credential,
    decrypt_private_key,
    encrypt_private_key,
    generate_key,
    jwks,
    revocation_list,
    sign,
    thumbprint,
    verify,
)

# joserfc warns that "EdDSA" is deprecated in favour of "Ed25519" (RFC 9864); the warning is not under test.
pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated:joserfc.errors.SecurityWarning")

CONFORMANCE = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "openbadges3"
SCHEMA_FILE = CONFORMANCE / "schema" / "achievementcredential.json"
ABSENT = f"Open Badges conformance data not found at {CONFORMANCE} (expected ../shared/conformance/openbadges3)"
needs_conformance = pytest.mark.skipif(not SCHEMA_FILE.is_file(), reason=ABSENT)

# Which file of the conformance folder serves which context URL (its README, section 3).
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "w3c-credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "context-3.0.3.json",
}
# The digest the VC 2.0 Recommendation publishes for https://www.w3.org/ns/credentials/v2.
VC_V2_SHA256 = "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"
UTC_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
ISSUED = datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)
ISSUER = {
    "id": "https://training.cai.example/institutions/7/profile",
    "name": "Mekong Environmental Institute",
    "url": "https://mei.example",
    "image": "https://training.cai.example/institutions/7/logo",
}
OBJECTIVES = [
    ("CAI-W1", "Reduce open burning of waste", "https://training.cai.example/objectives/CAI-W1"),
    ("CAI-W2", "Separate waste at source", "https://training.cai.example/objectives/CAI-W2"),
]


def _credential(**overrides) -> dict:
    fields = {
        "credential_id": "https://training.cai.example/certificates/CAI-7-000042.json",
        "issued_at": ISSUED,
        "expires_at": None,
        "name": "Nguyễn Thị Ánh",
        "course_title": "Community waste management",
        "course_description": "Collecting, sorting and composting household waste.",
        "course_url": "https://training.cai.example/courses/community-waste",
        "hours": "12",
        "objectives": OBJECTIVES,
        "issuer": ISSUER,
        "achievement_id": "https://training.cai.example/courses/community-waste#achievement",
        "status_list_url": "https://training.cai.example/institutions/7/revocations",
        "serial": "CAI-7-000042",
    }
    return build_credential(**{**fields, **overrides})


@pytest.fixture(scope="module")
def key() -> tuple[bytes, dict]:
    return generate_key()


@pytest.fixture(scope="module")
def keyset(key) -> dict:
    return jwks([key[1]])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _part(obj: dict) -> str:
    return _b64(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode())


def _joserfc(token: str, jwk: dict) -> bytes:
    return jws.deserialize_compact(token, OKPKey.import_key(jwk), algorithms=["EdDSA"]).payload


# =========================================================================== the credential


def test_credential_shape():
    cred = _credential()
    assert cred["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert cred["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert cred["id"] == "https://training.cai.example/certificates/CAI-7-000042.json"
    assert cred["issuer"] == {
        "id": ISSUER["id"],
        "type": ["Profile"],
        "name": ISSUER["name"],
        "url": ISSUER["url"],
        "image": {"id": ISSUER["image"], "type": "Image"},
    }
    assert cred["validFrom"] == cred["awardedDate"] == "2025-03-14T09:26:53Z"
    assert "validUntil" not in cred
    assert "CAI-7-000042" in cred["description"]
    subject = cred["credentialSubject"]
    assert "id" not in subject
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityHash": "Nguyễn Thị Ánh", "identityType": "name", "hashed": False}
    ]
    achievement = subject["achievement"]
    assert achievement["id"] == "https://training.cai.example/courses/community-waste#achievement"
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Community waste management"
    assert achievement["description"] == "Collecting, sorting and composting household waste."
    assert achievement["criteria"]["id"] == "https://training.cai.example/courses/community-waste"
    assert "Community waste management" in achievement["criteria"]["narrative"]
    assert "12 hours" in achievement["criteria"]["narrative"]
    assert [(a["targetCode"], a["targetName"], a["targetUrl"]) for a in achievement["alignment"]] == OBJECTIVES
    assert {a["targetType"] for a in achievement["alignment"]} == {"ext:CAIObjective"}
    assert all(a["type"] == ["Alignment"] for a in achievement["alignment"])
    assert achievement["creator"] == cred["issuer"]
    assert cred["credentialSchema"] == [{"id": SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}]
    assert cred["credentialStatus"] == {
        "id": "https://training.cai.example/institutions/7/revocations",
        "type": "1EdTechRevocationList",
    }


def test_expiry_and_timestamps_are_utc_with_z():
    bangkok = timezone(timedelta(hours=7))
    cred = _credential(
        issued_at=datetime(2025, 1, 1, 6, 30, tzinfo=bangkok), expires_at=datetime(2027, 1, 1, 6, 30, tzinfo=bangkok)
    )
    assert cred["validFrom"] == "2024-12-31T23:30:00Z"
    assert cred["validUntil"] == "2026-12-31T23:30:00Z"
    assert UTC_SECONDS.fullmatch(cred["validFrom"]) and UTC_SECONDS.fullmatch(cred["validUntil"])


def test_naive_or_inverted_dates_are_refused():
    with pytest.raises(ValueError, match="timezone"):
        _credential(issued_at=datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="expire"):
        _credential(expires_at=ISSUED - timedelta(days=1))


def test_issuer_without_website_or_logo_leaves_them_out():
    cred = _credential(issuer={**ISSUER, "url": None, "image": None}, objectives=[])
    assert cred["issuer"] == {"id": ISSUER["id"], "type": ["Profile"], "name": ISSUER["name"]}
    assert cred["credentialSubject"]["achievement"]["alignment"] == []


# =========================================================================== 1EdTech JSON Schema and contexts


def _validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)

    def no_network(uri: str):
        raise AssertionError(f"the schema tried to fetch {uri}")

    # All $refs are local ("#/$defs/..."); a registry that refuses to fetch proves no network is used. The
    # "date-time" format needs rfc3339-validator, which is not installed: timestamps are checked by UTC_SECONDS.
    resource = Resource.from_contents(schema, default_specification=DRAFT201909)
    registry = Registry(retrieve=no_network).with_resource(schema["$id"], resource)
    return Draft201909Validator(schema, registry=registry, format_checker=Draft201909Validator.FORMAT_CHECKER)


@needs_conformance
@pytest.mark.parametrize("expires", [None, ISSUED + timedelta(days=730)], ids=["no-expiry", "expiring"])
def test_credential_validates_against_1edtech_schema(expires):
    cred = _credential(expires_at=expires)
    errors = sorted(_validator().iter_errors(cred), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []
    assert all(UTC_SECONDS.fullmatch(cred[k]) for k in ("validFrom", "validUntil", "awardedDate") if k in cred)


@needs_conformance
def test_schema_check_is_not_vacuous():
    """The validator does reject a broken credential (so a green schema test means something)."""
    cred = _credential()
    del cred["credentialSubject"]["achievement"]["criteria"]
    cred["credentialSubject"]["identifier"][0]["identityType"] = "nickname"
    cred["issuer"]["image"]["caption"] = None
    messages = [e.message for e in _validator().iter_errors(cred)]
    assert any("criteria" in m for m in messages)
    assert len(messages) >= 3


def _terms(node, found: set[str]) -> set[str]:
    """Every term any (scoped) context in this JSON-LD context document defines."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context" and isinstance(value, dict):
                found.update(k for k in value if not k.startswith("@"))
            _terms(value, found)
    elif isinstance(node, list):
        for item in node:
            _terms(item, found)
    return found


def _used(node, keys: set[str], types: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "type":
                types.update([value] if isinstance(value, str) else value)
            elif not key.startswith("@"):
                keys.add(key)
            _used(value, keys, types)
    elif isinstance(node, list):
        for item in node:
            _used(item, keys, types)


@needs_conformance
def test_contexts_are_the_offline_documents():
    assert list(CONTEXT) == list(CONTEXT_FILES)
    folder = CONFORMANCE / "context"
    raw = {url: (folder / name).read_bytes() for url, name in CONTEXT_FILES.items()}
    assert hashlib.sha256(raw["https://www.w3.org/ns/credentials/v2"]).hexdigest() == VC_V2_SHA256
    terms: set[str] = set()
    for data in raw.values():
        _terms(json.loads(data), terms)
    keys: set[str] = set()
    types: set[str] = set()
    _used(_credential(expires_at=ISSUED + timedelta(days=1)), keys, types)
    assert sorted(keys - terms) == []
    # These two type names are defined only in OB's extensions.json context, which is not published; a plain
    # JSON parse (and the JWT proof) do not need them.
    assert types - terms == {"1EdTechJsonSchemaValidator2019", "1EdTechRevocationList"}
    # Of the JWT claims added to the payload, the VC context defines "iss" but not "jti" (JOSE-only).
    assert "iss" in terms and "jti" not in terms


# =========================================================================== keys


def test_generated_key_and_thumbprint(key):
    pem, jwk = key
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS#8
    private = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(private, Ed25519PrivateKey)
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert jwk == {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw), "kid": jwk["kid"], "alg": "EdDSA", "use": "sig"}
    assert jwk["kid"] == OKPKey.import_key(jwk).thumbprint()
    assert generate_key()[1]["kid"] != jwk["kid"]


def test_thumbprint_matches_rfc8037_example():
    """RFC 8037, appendix A.3: the thumbprint of the appendix A.2 public key."""
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    assert thumbprint(jwk) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    assert thumbprint(jwk) == OKPKey.import_key(jwk).thumbprint()


def test_jwks_publishes_public_members_only(key):
    jwk = key[1]
    assert jwks([{**jwk, "note": "internal"}]) == {"keys": [jwk]}
    assert jwks([]) == {"keys": []}
    with pytest.raises(CredentialError, match="private"):
        jwks([{**jwk, "d": "c2VjcmV0"}])
    assert KeySet.import_key_set(jwks([jwk])).get_by_kid(jwk["kid"]).thumbprint() == jwk["kid"]


def test_private_key_encryption_round_trip(key):
    pem = key[0]
    blob = encrypt_private_key(pem, "app secret 1")
    assert pem not in blob and b"PRIVATE KEY" not in blob
    assert encrypt_private_key(pem, "app secret 1") != blob  # fresh IV each time
    assert decrypt_private_key(blob, "app secret 1") == pem


def test_private_key_storage_format_is_stable(key):
    """Stored keys stay readable only while the derivation is unchanged: Fernet, key = HKDF-SHA256(secret)."""
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"cai-training/certificates/signing-key/v1")
    fernet = Fernet(base64.urlsafe_b64encode(hkdf.derive(b"app secret 1")))
    assert fernet.decrypt(encrypt_private_key(key[0], "app secret 1")) == key[0]
    assert decrypt_private_key(fernet.encrypt(key[0]), "app secret 1") == key[0]


def test_private_key_wrong_secret_or_damage_fails(key):
    blob = encrypt_private_key(key[0], "app secret 1")
    with pytest.raises(CredentialError, match="decrypted"):
        decrypt_private_key(blob, "app secret 2")
    with pytest.raises(CredentialError, match="decrypted"):
        decrypt_private_key(blob[:-3] + b"AAA", "app secret 1")
    with pytest.raises(CredentialError, match="secret"):
        encrypt_private_key(key[0], "")


# =========================================================================== signing (VC-JWT)


def test_token_header_and_payload(key):
    pem, jwk = key
    cred = _credential()
    token = sign(cred, pem, jwk["kid"])
    header, payload, signature = token.split(".")
    assert json.loads(_unb64(header)) == {"alg": "EdDSA", "kid": jwk["kid"], "typ": "vc+jwt", "cty": "vc"}
    assert json.loads(_unb64(payload)) == {**cred, "iss": ISSUER["id"], "jti": cred["id"]}
    assert len(_unb64(signature)) == 64
    assert "=" not in token


def test_joserfc_verifies_our_token(key, keyset):
    pem, jwk = key
    cred = _credential(expires_at=ISSUED + timedelta(days=365))
    token = sign(cred, pem, jwk["kid"])
    payload = json.loads(_joserfc(token, jwk))
    assert payload == {**cred, "iss": ISSUER["id"], "jti": cred["id"]}
    # and through the published JWK Set, picking the key by kid
    by_kid = jws.deserialize_compact(token, KeySet.import_key_set(keyset), algorithms=["EdDSA"])
    assert by_kid.headers()["kid"] == jwk["kid"]
    assert json.loads(by_kid.payload) == payload


def test_our_verify_returns_the_credential(key, keyset):
    pem, jwk = key
    cred = _credential()
    assert verify(sign(cred, pem, jwk["kid"]), keyset) == cred
    assert verify("  " + sign(cred, pem, jwk["kid"]) + "\n", keyset) == cred  # pasted with whitespace


def test_verify_finds_the_key_among_several(key):
    pem, jwk = key
    other = generate_key()[1]
    assert verify(sign(_credential(), pem, jwk["kid"]), jwks([other, jwk])) == _credential()


def _tampered_payload(token: str, key) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(_unb64(payload))
    identity = claims["credentialSubject"]["identifier"][0]
    identity["identityHash"] = "X" + identity["identityHash"][1:]
    return f"{header}.{_part(claims)}.{signature}"


def _tampered_header(token: str, key) -> str:
    header, payload, signature = token.split(".")
    return f"{_part({**json.loads(_unb64(header)), 'cty': 'vp'})}.{payload}.{signature}"


def _other_key(token: str, key) -> str:
    header, payload, _ = token.split(".")
    intruder = Ed25519PrivateKey.generate()  # same header (the institution's kid), someone else's key
    return f"{header}.{payload}.{_b64(intruder.sign(f'{header}.{payload}'.encode()))}"


def _alg_none(token: str, key) -> str:
    header, payload, _ = token.split(".")
    return f"{_part({**json.loads(_unb64(header)), 'alg': 'none'})}.{payload}."


def _alg_none_keeping_signature(token: str, key) -> str:
    header, payload, signature = token.split(".")
    return f"{_part({**json.loads(_unb64(header)), 'alg': 'none'})}.{payload}.{signature}"


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (_tampered_payload, "signature"),
        (_tampered_header, "signature"),
        (_other_key, "signature"),
        (_alg_none, 'alg "none"'),
        (_alg_none_keeping_signature, 'alg "none"'),
    ],
    ids=["payload", "header", "other-key", "alg-none", "alg-none-with-signature"],
)
def test_tampered_tokens_fail_with_joserfc_and_ours(key, keyset, tamper, message):
    pem, jwk = key
    token = sign(_credential(), pem, jwk["kid"])
    bad = tamper(token, key)
    assert bad != token
    with pytest.raises(JoseError):
        _joserfc(bad, jwk)
    with pytest.raises(CredentialError, match=message):
        verify(bad, keyset)


def test_tampered_name_is_one_character_off(key):
    token = sign(_credential(), key[0], key[1]["kid"])
    claims = json.loads(_unb64(_tampered_payload(token, key).split(".")[1]))
    assert claims["credentialSubject"]["identifier"][0]["identityHash"] == "Xguyễn Thị Ánh"


def _hs256_with_public_key(token: str, jwk: dict) -> str:
    """The classic algorithm-confusion forgery: HMAC keyed with the published public key."""
    _, payload, _ = token.split(".")
    header = _part({"alg": "HS256", "kid": jwk["kid"], "typ": "vc+jwt", "cty": "vc"})
    mac = hmac.new(_unb64(jwk["x"]), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(mac)}"


def _resigned(token: str, pem: bytes, header: dict | None = None, payload: dict | None = None) -> str:
    """A correctly signed token with a header or payload of our choosing."""
    head, body, _ = token.split(".")
    head = _part(header) if header is not None else head
    body = _part(payload) if payload is not None else body
    private = serialization.load_pem_private_key(pem, password=None)
    return f"{head}.{body}.{_b64(private.sign(f'{head}.{body}'.encode()))}"


def test_verify_rejects_other_algorithms_and_headers(key, keyset):
    pem, jwk = key
    cred = _credential()
    token = sign(cred, pem, jwk["kid"])
    header = json.loads(_unb64(token.split(".")[0]))
    with pytest.raises(CredentialError, match="HS256"):
        verify(_hs256_with_public_key(token, jwk), keyset)
    with pytest.raises(CredentialError, match="not accepted"):  # RFC 9864's fully-specified name: not (yet) ours
        verify(_resigned(token, pem, header={**header, "alg": "Ed25519"}), keyset)
    with pytest.raises(CredentialError, match="unknown kid"):
        verify(_resigned(token, pem, header={**header, "kid": "someone-else"}), keyset)
    with pytest.raises(CredentialError, match="unknown kid"):
        verify(_resigned(token, pem, header={k: v for k, v in header.items() if k != "kid"}), keyset)
    with pytest.raises(CredentialError, match="typ"):
        verify(_resigned(token, pem, header={**header, "typ": "JWT"}), keyset)
    with pytest.raises(CredentialError, match="extensions"):
        verify(_resigned(token, pem, header={**header, "crit": ["exp"], "exp": 1}), keyset)
    assert verify(_resigned(token, pem, header={**header, "typ": "application/vc+jwt"}), keyset) == cred


def test_verify_rejects_claims_that_contradict_the_credential(key, keyset):
    pem, jwk = key
    cred = _credential()
    token = sign(cred, pem, jwk["kid"])
    claims = json.loads(_unb64(token.split(".")[1]))
    for changed in ({**claims, "iss": "https://evil.example"}, {**claims, "jti": "urn:other"}):
        with pytest.raises(CredentialError, match="iss/jti"):
            verify(_resigned(token, pem, payload=changed), keyset)
    not_a_vc = {**claims, "type": ["OpenBadgeCredential"]}
    with pytest.raises(CredentialError, match="verifiable credential"):
        verify(_resigned(token, pem, payload=not_a_vc), keyset)
    with pytest.raises(CredentialError, match="contradict"):
        sign({**cred, "iss": "https://evil.example"}, pem, jwk["kid"])
    assert verify(sign({**cred, "jti": cred["id"]}, pem, jwk["kid"]), keyset) == cred


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "a.b",
        "a.b.c.d",
        "!!!.e30.AAAA",
        "eyJhbGciOiJFZERTQSJ9=.e30.AAAA",  # padding is not base64url
        "e.e30.AAAA",  # 4n+1 characters
        _b64(b"not json") + ".e30.AAAA",
        _b64(b"[1, 2]") + ".e30.AAAA",
        _b64(b'{"alg":"EdDSA","alg":"none"}') + ".e30.AAAA",  # duplicate member
        _b64(b"\xff\xfe") + ".e30.AAAA",  # not UTF-8
        _b64(b"{}") + ".e30.AAAA",  # no alg
    ],
)
def test_verify_rejects_malformed_tokens(keyset, token):
    with pytest.raises(CredentialError) as info:
        verify(token, keyset)
    assert str(info.value) and "Traceback" not in str(info.value)


def test_verify_rejects_non_canonical_base64url(key, keyset):
    """The last character of a 64-byte signature carries 4 unused bits; a variant decoding to the same bytes is
    refused, so each credential has exactly one token."""
    pem, jwk = key
    token = sign(_credential(), pem, jwk["kid"])
    head, body, sig = token.split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = sig[:-1] + alphabet[alphabet.index(sig[-1]) ^ 1]
    assert _unb64(twin) == _unb64(sig)
    with pytest.raises(CredentialError, match="base64url"):
        verify(f"{head}.{body}.{twin}", keyset)


def _raw_signed(pem: bytes, header: bytes, payload: bytes) -> str:
    head, body = _b64(header), _b64(payload)
    private = serialization.load_pem_private_key(pem, password=None)
    return f"{head}.{body}.{_b64(private.sign(f'{head}.{body}'.encode()))}"


def test_verify_rejects_repeated_members_even_when_signed(key, keyset):
    """JSON parsers disagree on which of two equal names wins, so a signed token that repeats one is refused."""
    pem, jwk = key
    kid = jwk["kid"].encode()
    good_header = b'{"alg":"EdDSA","kid":"' + kid + b'","typ":"vc+jwt","cty":"vc"}'
    payload = json.dumps({**_credential(), "iss": ISSUER["id"], "jti": _credential()["id"]}).encode()
    assert verify(_raw_signed(pem, good_header, payload), keyset) == _credential()
    header_twice = b'{"alg":"none","alg":"EdDSA","kid":"' + kid + b'","typ":"vc+jwt","cty":"vc"}'
    with pytest.raises(CredentialError, match="repeats"):
        verify(_raw_signed(pem, header_twice, payload), keyset)
    name_twice = payload.replace(b'"identityHash":', b'"identityHash": "Mallory", "identityHash":')
    with pytest.raises(CredentialError, match="repeats"):
        verify(_raw_signed(pem, good_header, name_twice), keyset)


def test_verify_rejects_bad_payload_encoding_and_key_sets(key, keyset):
    pem, jwk = key
    token = sign(_credential(), pem, jwk["kid"])
    head, body, sig = token.split(".")
    with pytest.raises(CredentialError, match="base64url"):
        verify(f"{head}.{body}é.{sig}", keyset)
    with pytest.raises(CredentialError, match="text"):
        verify(token.encode(), keyset)
    for broken in ({}, {"keys": "nope"}, None, []):
        with pytest.raises(CredentialError, match="key set"):
            verify(token, broken)
    for bad_jwk in (
        {**jwk, "crv": "Ed448"},
        {**jwk, "x": jwk["x"][:-2]},
        {**jwk, "alg": "ES256"},
        {**jwk, "use": "enc"},
    ):
        with pytest.raises(CredentialError, match="key"):
            verify(token, {"keys": [bad_jwk]})


def test_sign_refuses_unusable_keys():
    with pytest.raises(CredentialError, match="PEM"):
        sign(_credential(), b"not a key", "kid")
    from cryptography.hazmat.primitives.asymmetric import ec

    p256 = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(CredentialError, match="Ed25519"):
        sign(_credential(), p256, "kid")


@settings(max_examples=200, deadline=None)
@given(name=st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_any_name_round_trips(key, keyset, name):
    pem, jwk = key
    cred = _credential(name=name)
    token = sign(cred, pem, jwk["kid"])
    assert verify(token, keyset)["credentialSubject"]["identifier"][0]["identityHash"] == name
    assert json.loads(_joserfc(token, jwk))["credentialSubject"]["identifier"][0]["identityHash"] == name


# =========================================================================== revocation list


def test_revocation_list_shape():
    doc = revocation_list(
        list_url="https://training.cai.example/institutions/7/revocations",
        issuer_id=ISSUER["id"],
        revoked=[
            ("https://training.cai.example/certificates/CAI-7-000001.json", "Issued in error"),
            ("https://training.cai.example/certificates/CAI-7-000002.json", ""),
        ],
    )
    assert doc == {
        "id": "https://training.cai.example/institutions/7/revocations",
        "issuer": ISSUER["id"],
        "revokedCredentials": [
            {
                "id": "https://training.cai.example/certificates/CAI-7-000001.json",
                "revocationReason": "Issued in error",
            },
            {"id": "https://training.cai.example/certificates/CAI-7-000002.json"},
        ],
    }
    assert revocation_list(list_url="u", issuer_id="i", revoked=[])["revokedCredentials"] == []
    # the credential's status entry points at this document
    assert _credential()["credentialStatus"]["id"] == doc["id"]
