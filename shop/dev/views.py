"""Development-only pages: the mails the local sink caught. Not registered in production."""

from flask import Blueprint, abort, current_app, render_template

from shop.mailbox import read_mails

bp = Blueprint("dev", __name__, url_prefix="/dev")


@bp.get("/mails")
def mails():
    caught = list(reversed(read_mails(current_app.config["MAIL_SINK_DIR"])))
    return render_template("dev/mails.html", mails=caught)


@bp.get("/mails/<mail_id>")
def mail(mail_id: str):
    found = next(
        (m for m in read_mails(current_app.config["MAIL_SINK_DIR"]) if m.id == mail_id), None
    )
    if found is None:
        abort(404)
    return render_template("dev/mail.html", mail=found)
