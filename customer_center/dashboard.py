"""The customer center's start page (the main contact's screens grow here)."""

from flask import render_template
from flask_login import current_user, login_required

from customer_center import bp


@bp.get("/")
@login_required
def dashboard():
    return render_template("customer_center/dashboard.html", company=current_user.company)
