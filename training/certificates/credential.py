"""Open Badges 3.0 credentials (pure: no Flask, no database): build, sign as VC-JWT, verify; institution keys.

Secured as W3C VC-JOSE-COSE says: the JWS payload is the credential itself, plus the registered JWT claims
``iss`` (issuer id) and ``jti`` (credential id), which that spec allows when they agree with the credential and
Open Badges 3.0 requires. Ed25519 via ``cryptography``; private keys are stored only Fernet-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

CONTEXT = ("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")
# The URL 1EdTech publishes the AchievementCredential JSON Schema under (the one the spec's examples cite).
SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
ALG = "EdDSA"
TYP = "vc+jwt"
_PUBLIC_JWK_MEMBERS = ("kty", "crv", "x", "kid", "alg", "use")
_HKDF_INFO = b"cai-training/certificates/signing-key/v1"
_B64URL = re.compile(r"(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?")  # unpadded; never 4n+1 characters


class CredentialError(Exception):
    """A token, credential or key cannot be used. The message is plain and safe to show."""


def _timestamp(value: datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("credential timestamps must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _profile(issuer: dict) -> dict:
    profile = {"id": issuer["id"], "type": ["Profile"], "name": issuer["name"]}
    if issuer.get("url"):
        profile["url"] = issuer["url"]
    if issuer.get("image"):
        profile["image"] = {"id": issuer["image"], "type": "Image"}
    return profile


def build_credential(
    *,
    credential_id: str,
    issued_at: datetime,
    expires_at: datetime | None,
    name: str,
    course_title: str,
    course_description: str,
    course_url: str,
    hours: str,
    objectives: list[tuple[str, str, str]],
    issuer: dict,
    achievement_id: str,
    status_list_url: str,
    serial: str,
) -> dict:
    """The unsigned OpenBadgeCredential (JSON-LD) for a certificate; ``name`` is the trainee's name.

    Trainees have no DID or public URL, so the subject is identified by an ``identifier`` of identityType "name",
    not hashed: the certificate exists to show that name. ``objectives``: (code, title, url) of CAI objectives.
    """
    valid_from = _timestamp(issued_at)
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": course_title,
        "description": course_description,
        "criteria": {"id": course_url, "narrative": f"Completed the course “{course_title}” ({hours} hours)."},
        "alignment": [
            {"type": ["Alignment"], "targetName": t, "targetUrl": u, "targetCode": c, "targetType": "ext:CAIObjective"}
            for c, t, u in objectives
        ],
        "creator": _profile(issuer),
    }
    credential = {
        "@context": list(CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": course_title,
        "description": f"Certificate {serial}",
        "issuer": _profile(issuer),
        "validFrom": valid_from,
        "awardedDate": valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False}],
            "achievement": achievement,
        },
        "credentialSchema": [{"id": SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
        "credentialStatus": {"id": status_list_url, "type": "1EdTechRevocationList"},
    }
    if expires_at is not None:
        if expires_at <= issued_at:
            raise ValueError("a credential must expire after it is issued")
        credential["validUntil"] = _timestamp(expires_at)
    return credential


def revocation_list(*, list_url: str, issuer_id: str, revoked: list[tuple[str, str]]) -> dict:
    """The 1EdTech Revocation List at ``list_url`` from (credential id, reason); entries lacking "revoked" are."""
    entries = [{"id": cid, **({"revocationReason": reason} if reason else {})} for cid, reason in revoked]
    return {"id": list_url, "issuer": issuer_id, "revokedCredentials": entries}


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str, what: str) -> bytes:
    """Strict base64url without padding (RFC 7515): no other characters, no non-canonical trailing bits."""
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)) if _B64URL.fullmatch(text) else None
    if data is None or _b64e(data) != text:  # the round trip refuses non-zero trailing bits
        raise CredentialError(f"The {what} is not valid base64url.")
    return data


def thumbprint(jwk: dict) -> str:
    """RFC 7638 thumbprint of an Ed25519 public JWK (its required members are crv, kty, x: RFC 8037 §2)."""
    required = {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}
    return _b64e(hashlib.sha256(json.dumps(required, separators=(",", ":"), sort_keys=True).encode()).digest())


def generate_key() -> tuple[bytes, dict]:
    """A new Ed25519 key: (private key as PKCS#8 PEM, public JWK with kid = its RFC 7638 thumbprint)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": _b64e(raw)}
    return pem, {**jwk, "kid": thumbprint(jwk), "alg": ALG, "use": "sig"}


def _fernet(secret: str | bytes) -> Fernet:
    if not secret:
        raise CredentialError("No secret to protect signing keys with.")
    material = secret.encode("utf-8") if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_private_key(pem: bytes, secret: str) -> bytes:
    return _fernet(secret).encrypt(pem)


def decrypt_private_key(blob: bytes, secret: str) -> bytes:
    try:
        return _fernet(secret).decrypt(blob)
    except InvalidToken:
        raise CredentialError("The signing key cannot be decrypted with this secret.") from None


def jwks(public_jwks: list[dict]) -> dict:
    """The JWK Set document to publish: public members only; a key with private material is refused."""
    if any("d" in jwk for jwk in public_jwks):
        raise CredentialError("A private key must never be published.")
    return {"keys": [{m: jwk[m] for m in _PUBLIC_JWK_MEMBERS if m in jwk} for jwk in public_jwks]}


def _json_bytes(value: dict) -> bytes:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:  # includes UnicodeEncodeError (lone surrogates)
        raise CredentialError("The credential cannot be encoded as JSON.") from exc


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    if len({key for key, _ in pairs}) != len(pairs):
        raise CredentialError("The token repeats a JSON member.")
    return dict(pairs)


def _json_object(data: bytes, what: str) -> dict:
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except ValueError as exc:  # includes UnicodeDecodeError and JSONDecodeError
        raise CredentialError(f"The token {what} is not valid JSON.") from exc
    if not isinstance(value, dict):
        raise CredentialError(f"The token {what} is not a JSON object.")
    return value


def _claims(credential: dict) -> dict:
    """The JWT claims that restate the credential: iss = issuer id, jti = credential id."""
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(issuer_id, str) or not isinstance(credential.get("id"), str):
        raise CredentialError("The credential has no id or no issuer id.")
    return {"iss": issuer_id, "jti": credential["id"]}


def sign(credential: dict, private_pem: bytes, kid: str) -> str:
    """The credential as a compact JWS (application/vc+jwt), signed with the institution's Ed25519 key."""
    try:
        key = serialization.load_pem_private_key(private_pem, password=None)
    except (TypeError, ValueError) as exc:
        raise CredentialError("The signing key is not a readable PEM private key.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CredentialError("The signing key is not an Ed25519 key.")
    claims = _claims(credential)
    if any(credential.get(name, value) != value for name, value in claims.items()) or {"vc", "vp"} & set(credential):
        raise CredentialError("The credential carries JWT claims that contradict it.")
    header = {"alg": ALG, "kid": kid, "typ": TYP, "cty": "vc"}
    signing_input = f"{_b64e(_json_bytes(header))}.{_b64e(_json_bytes({**credential, **claims}))}"
    return f"{signing_input}.{_b64e(key.sign(signing_input.encode('ascii')))}"


def _public_key(jwk: dict) -> Ed25519PublicKey:
    if jwk.get("alg", ALG) != ALG or jwk.get("use", "sig") != "sig":
        raise CredentialError("The key for this token is not meant for EdDSA signatures.")
    raw = _b64d(jwk["x"], "public key") if isinstance(jwk.get("x"), str) else b""
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or len(raw) != 32:
        raise CredentialError("The key for this token is not an Ed25519 public key.")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(token: str, jwks_document: dict) -> dict:
    """The credential in a VC-JWT signed (EdDSA) by a key of the issuer's JWK Set, without its JWT claims.

    Anything else raises ``CredentialError``. Validity dates and revocation are for the caller to judge."""
    if not isinstance(token, str):
        raise CredentialError("The token is not text.")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise CredentialError("The token is not a compact JWS (three parts separated by dots).")
    header = _json_object(_b64d(parts[0], "token header"), "header")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        raise CredentialError('Unsigned tokens (alg "none") are not accepted.')
    if alg != ALG:
        raise CredentialError(f"The token's algorithm {alg!r} is not accepted; only EdDSA is.")
    if "crit" in header:
        raise CredentialError("The token requires header extensions this verifier does not support.")
    if str(header.get("typ", "")).lower().removeprefix("application/") != TYP:
        raise CredentialError("The token is not a verifiable credential (typ vc+jwt).")
    kid = header.get("kid")
    keys = jwks_document.get("keys") if isinstance(jwks_document, dict) else None
    if not isinstance(keys, list):
        raise CredentialError("The issuer's key set is malformed.")
    jwk = next((k for k in keys if isinstance(k, dict) and isinstance(kid, str) and k.get("kid") == kid), None)
    if jwk is None:
        raise CredentialError("The token was signed with a key the issuer does not publish (unknown kid).")
    payload_bytes, signature = _b64d(parts[1], "token payload"), _b64d(parts[2], "signature")
    try:
        _public_key(jwk).verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature:
        raise CredentialError("Bad signature: the credential was altered or signed with another key.") from None
    payload = _json_object(payload_bytes, "payload")
    if any(payload.get(name) != value for name, value in _claims(payload).items()):
        raise CredentialError("The token's iss/jti claims do not match the credential.")
    if not isinstance(payload.get("type"), list) or "VerifiableCredential" not in payload["type"]:
        raise CredentialError("The token does not carry a verifiable credential.")
    return {key: value for key, value in payload.items() if key not in ("iss", "jti")}
