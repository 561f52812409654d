"""The one rule for answering a page or an htmx fragment.

Every interaction is a plain form first (POST, then redirect); an htmx request gets the
fragment instead. Invalid input is answered with 422 and the form with its messages, page or
fragment alike (base.html tells htmx to swap 422 answers). Every answer sets
`Vary: HX-Request`, so a cache never hands a fragment to a full page load.
"""

from collections.abc import Callable, Sequence

from flask import Response, flash, make_response, redirect, render_template

from shop.extensions import htmx

INVALID = 422

# What only one of the two answers shows, built only when that answer is sent (a filter's
# menus for the page, a cart priced by the ERP for the fragment).
Context = Callable[[], dict]


def wants_fragment() -> bool:
    """True for an htmx request; a history restore asks for the whole page."""
    return bool(htmx) and not htmx.history_restore_request


def vary(response: Response) -> Response:
    """Mark an answer as depending on HX-Request (page and fragment share the URL)."""
    response.vary.add("HX-Request")
    return response


def page_or_fragment(
    page: str,
    fragment: str,
    /,
    *,
    invalid: bool = False,
    page_context: Context | None = None,
    **context,
) -> Response:
    """Render the fragment for htmx, else the page; 422 when the input was invalid.

    page_context: what only the page needs besides `context`, built only for the page.
    """
    if wants_fragment():
        template = fragment
    else:
        template = page
        if page_context is not None:
            context.update(page_context())
    response = make_response(render_template(template, **context), INVALID if invalid else 200)
    return vary(response)


def fragment_or_redirect(
    location: str,
    fragment: str,
    /,
    *,
    message: str | Sequence[str] | None = None,
    category: str = "success",
    invalid: bool = False,
    fragment_context: Context | None = None,
    **context,
) -> Response:
    """After a POST: the fragment for htmx, else flash the message(s) and redirect.

    invalid: the input was refused (the fragment shows why) and the fragment answers 422.
    fragment_context: what the fragment needs besides `context`, built only for htmx.
    """
    if wants_fragment():
        if fragment_context is not None:
            context.update(fragment_context())
        status_message = message if isinstance(message, str) or message is None else None
        body = render_template(fragment, status_message=status_message, **context)
        return vary(make_response(body, INVALID if invalid else 200))
    for text in [message] if isinstance(message, str) else message or ():
        flash(text, category)
    return vary(redirect(location))
