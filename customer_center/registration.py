"""Self-registration of a company's main contact (§3)."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from customer_center import bp
from customer_center.forms import RegistrationForm
from erp_bridge import ErpRejected, ErpUnavailable, customer_number_key
from shop.erp import erp_client
from shop.extensions import limiter
from shop.models.clock import utcnow
from shop.services.customer_center.exceptions import (
    AlreadyRegistered,
    CustomerDataInvalid,
    EmailInUse,
    RegistrationRefused,
)
from shop.services.customer_center.registration import register_main_contact
from shop.web import throttling

# §3, issue #14: refused attempts count (guessing invoice numbers, probing for registered
# companies and addresses), per client address, per customer number from that address, and
# — slower — per customer number from anywhere, so a stranger cannot easily block a company.
PER_ADDRESS = "10 per hour"
PER_CUSTOMER_NUMBER_AND_ADDRESS = "5 per hour"
PER_CUSTOMER_NUMBER = "20 per day"


def _customer_number() -> str:
    return customer_number_key(request.form.get("customer_number") or "")


def _customer_number_key() -> str:
    return "register:" + _customer_number()


def _customer_number_and_address_key() -> str:
    return f"register-address:{_customer_number()}|{get_remote_address()}"


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(PER_ADDRESS, methods=["POST"], deduct_when=throttling.is_failed_attempt)
@limiter.limit(
    PER_CUSTOMER_NUMBER_AND_ADDRESS,
    methods=["POST"],
    key_func=_customer_number_and_address_key,
    deduct_when=throttling.is_failed_attempt,
)
@limiter.limit(
    PER_CUSTOMER_NUMBER,
    methods=["POST"],
    key_func=_customer_number_key,
    deduct_when=throttling.is_failed_attempt,
)
def register():
    form = RegistrationForm()
    problem = None
    if form.validate_on_submit():
        try:
            user = register_main_contact(
                erp_client(),
                form.customer_number.data,
                form.invoice_number.data,
                form.email.data,
                form.name.data,
                utcnow(),
            )
        except (RegistrationRefused, ErpRejected):
            throttling.mark_failed_attempt()
            problem = _(
                "We could not confirm these details. Please check your customer number, "
                "the invoice number and your e-mail address."
            )
        except AlreadyRegistered as registered:
            throttling.mark_failed_attempt()
            problem = _(
                "Your company already uses the customer center. Please ask your main contact "
                "(%(email)s) to create an account for you.",
                email=registered.masked_main_contact,
            )
        except CustomerDataInvalid:
            problem = _(
                "Your company's data in our ERP system cannot be used for the customer center "
                "yet. Please contact us; nothing has been saved."
            )
        except EmailInUse:
            throttling.mark_failed_attempt()
            form.email.errors.append(_("This e-mail address already belongs to an account."))
        except ErpUnavailable:
            problem = _(
                "The registration is not available right now because our ERP system cannot "
                "be reached. Please try again later; nothing has been saved."
            )
        else:
            return render_template("customer_center/registered.html", email=user.email)
    status = 422 if (problem or form.errors) else 200
    return render_template(
        "customer_center/register.html",
        form=form,
        problem=problem,
        forgot_url=url_for("auth.forgot_password"),
    ), status
