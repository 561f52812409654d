"""Back-office queues whose entries an operator marks handled with a note (refused customer
changes, parked ERP updates): the one way such a post is read, applied and answered."""

from collections.abc import Callable
from datetime import datetime

from flask import abort, flash, redirect, request

from shop.backoffice.access import current_staff
from shop.backoffice.forms import HandledForm
from shop.models import StaffMember
from shop.models.clock import utcnow


def mark_handled_with_note(
    entry_id: int,
    mark: Callable[[int, StaffMember, str, datetime], object],
    page: Callable[[dict, int], tuple[str, int]],
    location: str,
    *,
    not_found: type[Exception],
    handled_already: type[Exception],
    done: str,
    already: str,
):
    """Mark the queue's entry handled with the posted note and go back to `location`.

    `mark(entry_id, staff, note, now)` is the queue's service; `page(forms, status)` renders
    the queue with the refused form next to its entry. An unknown entry is a 404; one somebody
    handled meanwhile is reported (`already`) and left as it is.
    """
    form = HandledForm(request.form)
    if not form.validate():
        # 422 with the message next to this entry's note; nothing changed.
        return page({entry_id: form}, 422)
    try:
        mark(entry_id, current_staff(), form.handled_note.data, utcnow())
    except not_found:
        abort(404)
    except handled_already:
        flash(already, "info")
        return redirect(location)
    flash(done, "success")
    return redirect(location)
