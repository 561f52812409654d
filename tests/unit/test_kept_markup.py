"""KeptMarkup: the most recently used pieces, with the form token kept as a hole (#10)."""

from collections import OrderedDict

from markupsafe import Markup

from shop.web.kept_markup import KeptMarkup


def test_a_kept_piece_is_written_once_and_the_least_recently_used_goes_first():
    kept = KeptMarkup(2)
    rendered = []

    def render(text):
        def write():
            rendered.append(text)
            return Markup(f"<p>{text}</p>")

        return write

    kept.get("a", render("a"))
    kept.get("b", render("b"))
    kept.get("a", render("a"))  # used again: "b" is now the oldest
    kept.get("c", render("c"))
    kept.get("a", render("a"))
    kept.get("b", render("b"))

    assert rendered == ["a", "b", "c", "b"]
    assert len(kept) == 2 and kept.written == 4


def test_the_token_of_each_request_fills_the_kept_pieces_hole():
    kept = KeptMarkup(10)

    first = kept.get("card", lambda: Markup('<input value="token-one">'), "token-one")
    second = kept.get("card", lambda: Markup('<input value="not written">'), "token-two")

    assert first == Markup('<input value="token-one">')
    assert second == Markup('<input value="token-two">')
    assert isinstance(second, Markup)


def test_a_piece_evicted_by_another_thread_while_it_is_read_is_still_answered():
    class EvictedAfterReading(OrderedDict):
        """Another thread evicts the piece between finding and marking it as used."""

        def get(self, key, default=None):
            found = super().get(key, default)
            self.pop(key, None)
            return found

    kept = KeptMarkup(10)
    kept.get("card", lambda: Markup("<p>kept</p>"))
    kept._kept = EvictedAfterReading(kept._kept)

    # Marking it as recently used raised KeyError: a 500 under gunicorn's threads.
    assert kept.get("card", lambda: Markup("<p>new</p>")) == Markup("<p>kept</p>")
