"""Several requests or service calls at the same moment, each in its own thread."""

import threading

from shop.extensions import db


def run_at_once(app, count: int, action) -> list:
    """Run action(index) in `count` threads released together; results or exceptions by index."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                results[index] = action(index)
            except Exception as error:  # collected and asserted on by the test
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
