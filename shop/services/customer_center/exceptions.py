"""Exceptions of the customer center's use cases (registration, users), in one place."""


class EmailInUse(Exception):
    """The e-mail address belongs to another shop account.

    `name` is the owner's name when the owner is a user of the acting company, who may
    know the colleague; it stays empty otherwise (another company's user is never told).
    """

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self.name = name
