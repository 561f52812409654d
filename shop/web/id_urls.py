"""Links to many objects of one kind at the cost of one url_for (#10).

A list page of 25 users built four links per row with url_for, ~0.04 ms each: a tenth of
the page's CPU time. The links differ only in the id, so the URL is built once with a
placeholder id and the ids are put in its place.
"""

from collections.abc import Callable

from flask import url_for

# An id no URL of ours contains otherwise (only digits go in its place: ids are ints).
PLACEHOLDER = 987654321


def id_url(endpoint: str, argument: str) -> Callable[[int], str]:
    """A function of an id giving url_for(endpoint, **{argument: id})."""
    head, found, tail = url_for(endpoint, **{argument: PLACEHOLDER}).partition(str(PLACEHOLDER))
    if not found or "?" in head:  # url_for puts arguments the route lacks in the query
        raise ValueError(f"{endpoint} has no {argument} in its path")
    return lambda value: f"{head}{int(value)}{tail}"
