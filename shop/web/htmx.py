"""The one rule for answering a page or an htmx fragment.

Every interaction is a plain form first (POST, then redirect); an htmx request gets the
fragment instead. Invalid input is answered with 422 and the form with its messages, page or
fragment alike (base.html tells htmx to swap 422 answers). Every answer sets
`Vary: HX-Request`, so a cache never hands a fragment to a full page load.
"""

from flask import Response, flash, make_response, redirect, render_template

from shop.extensions import htmx

INVALID = 422


def wants_fragment() -> bool:
    """True for an htmx request; a history restore asks for the whole page."""
    return bool(htmx) and not htmx.history_restore_request


def vary(response: Response) -> Response:
    """Mark an answer as depending on HX-Request (page and fragment share the URL)."""
    response.vary.add("HX-Request")
    return response


def page_or_fragment(page: str, fragment: str, *, invalid: bool = False, **context) -> Response:
    """Render the fragment for htmx, else the page; 422 when the input was invalid."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), INVALID if invalid else 200)
    return vary(response)


def fragment_or_redirect(
    location: str,
    fragment: str,
    *,
    message: str | None = None,
    category: str = "success",
    **context,
) -> Response:
    """After a successful POST: the fragment for htmx, else flash the message and redirect."""
    if wants_fragment():
        response = make_response(render_template(fragment, status_message=message, **context))
        return vary(response)
    if message:
        flash(message, category)
    return vary(redirect(location))
