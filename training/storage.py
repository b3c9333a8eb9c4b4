"""One small interface for stored files (logos, signatures, PDFs).

Local disk under ``instance/files`` by default. Keys are random, so a key never
comes from a user-supplied file name.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from flask import current_app

_KEY = re.compile(r"[a-z0-9_-]{1,80}\.[a-z0-9]{1,8}")


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key or ""):
            raise ValueError("bad storage key")
        return self.root / key

    def put(self, data: bytes, *, prefix: str, extension: str) -> str:
        key = f"{prefix}-{secrets.token_hex(16)}.{extension}"
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        return key

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str | None) -> None:
        if key:
            self._path(key).unlink(missing_ok=True)


def storage() -> LocalStorage:
    return current_app.extensions["storage"]


def init_storage(app) -> None:
    root = app.config.get("STORAGE_ROOT") or os.path.join(app.instance_path, "files")
    app.extensions["storage"] = LocalStorage(root)


def file_response(key: str | None, content_type: str | None, *, download_name: str | None = None):
    """Serve a stored file, or 404. Nothing served runs: an SVG or PDF opened directly is sandboxed."""
    from urllib.parse import quote

    from flask import Response, abort

    if not key:
        abort(404)
    try:
        data = storage().get(key)
    except (FileNotFoundError, ValueError):
        abort(404)
    response = Response(data, mimetype=content_type)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=300"
    if download_name:
        response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_name, safe='')}"
    return response


def stage_upload(data: bytes, prefix: str, extension: str) -> str:
    """Keep an upload between its preview and its confirmation; the key is the form's token."""
    return storage().put(data, prefix=prefix, extension=extension)


def staged_upload(token: str, prefix: str) -> bytes | None:
    """The bytes of a staged upload, or None if it has gone. Raises ValueError for a token that is not
    one of ``prefix``'s (a forged or foreign token: the caller answers 400)."""
    if not token.startswith(f"{prefix}-"):
        raise ValueError("foreign upload token")
    try:
        return storage().get(token)
    except FileNotFoundError:
        return None
