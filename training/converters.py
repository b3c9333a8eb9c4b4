"""URL converters: ids in URLs stay within what the database's integer columns hold."""

from werkzeug.routing import IntegerConverter


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` that never matches a number too large for a 32-bit id, so it is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)
