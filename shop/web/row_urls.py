"""Links to many rows of one kind at the cost of one url_for (#10): the one way to build them.

A list page built a link per row with url_for, ~0.04 ms each: a tenth of a list page's CPU
time. The links differ only in the row's values, so the URL is built once with a placeholder
for each and the row's values are put in their places, quoted exactly as url_for quotes them:
in the path as werkzeug's converters write a segment, in the query string as its urlencode
writes a value. A placeholder may sit anywhere (`/users/<id>/active`, `/lists/add?sku=`).
"""

from collections.abc import Callable
from urllib.parse import quote, quote_plus

from flask import url_for

# What url_for leaves unquoted: werkzeug's BaseConverter.to_url in a path segment (an
# <int:> converter writes digits only, which this leaves as they are), its _urlencode in a
# query string.
PATH_SEGMENT_SAFE = "!$&'()*+,/:;=@"
QUERY_VALUE_SAFE = "!$'()*,/:;?@"

# Digits pass every converter of ours and appear in no URL of ours otherwise (checked).
_PLACEHOLDER = 987654320


def path_segment(value) -> str:
    """A value as one segment of a URL path, quoted exactly as url_for quotes it."""
    if type(value) is int:  # an id: its digits need no quoting
        return str(value)
    return quote(str(value), safe=PATH_SEGMENT_SAFE)


def query_value(value) -> str:
    """A value of a URL's query string, quoted exactly as url_for quotes it."""
    return quote_plus(str(value), safe=QUERY_VALUE_SAFE)


def row_url(endpoint: str, *arguments: str, **fixed) -> Callable[..., str]:
    """A function of the rows' values giving url_for(endpoint, **fixed, **{argument: value}),
    the values in the order of `arguments`:

        order_url = row_url("orders.detail", "number")
        media_url = row_url("catalog.media", "sku", "media_id", "filename")
        order_url("2026-000042"), media_url("M8 x 40", 7, "bolt.png")
    """
    marks = {name: str(_PLACEHOLDER + index) for index, name in enumerate(arguments)}
    url = url_for(endpoint, **fixed, **marks)
    query_start = url.find("?")
    slots = []
    for index, name in enumerate(arguments):
        if url.count(marks[name]) != 1:
            raise ValueError(f"{endpoint}'s URL does not hold {name} exactly once: {url}")
        position = url.index(marks[name])
        in_query = query_start != -1 and position > query_start
        slots.append((position, index, query_value if in_query else path_segment))
    slots.sort()
    statics, start = [], 0
    for position, index, _quoting in slots:
        statics.append(url[start:position])
        start = position + len(marks[arguments[index]])
    tail = url[start:]
    if len(slots) == 1:  # the common case, as lean as a prefix and a filter
        ((_, _, quoting),) = slots
        head = statics[0]
        return lambda value: f"{head}{quoting(value)}{tail}"
    order = [(index, quoting) for _position, index, quoting in slots]

    def build(*values) -> str:
        parts = []
        for static, (index, quoting) in zip(statics, order, strict=True):
            parts.append(static)
            parts.append(quoting(values[index]))
        parts.append(tail)
        return "".join(parts)

    return build
