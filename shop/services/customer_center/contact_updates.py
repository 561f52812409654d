"""§7: the ERP learns a user's name and e-mail as a contact of the customer, through the
outbox, in the transaction that changes them."""

from shop.domain.outbox import OutboxKind
from shop.models import Company, User
from shop.services.outbox import enqueue


def enqueue_contact(user: User, company: Company, phone: str = "") -> None:
    """Queue the contact's current data for the ERP, in the caller's unit of work."""
    enqueue(
        OutboxKind.UPSERT_CONTACT,
        key=f"contact:{user.id}",
        payload={
            "customer_number": company.customer_number,
            "contact_id": user.erp_contact_id,
            "user_id": user.id,
            "name": user.name,
            "email": user.email,
            "phone": phone,
        },
    )
