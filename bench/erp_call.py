"""What an ERP call costs: building a client (WSDL fetch + parse) and single SOAP calls.

Starts the bundled simulator on a free port and prints a small table:
    .venv/bin/python bench/erp_call.py
"""

import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from erp_bridge import ErpClient  # noqa: E402
from shop.demo.catalog_data import demo_products  # noqa: E402

CLIENTS = 20
CALLS = 200


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_simulator(port: int, state: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "erp_bridge.simulator", "--port", str(port), "--state", str(state)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.05)
    process.terminate()
    raise SystemExit("the ERP simulator did not start")


def timings_ms(action: Callable[[], object], repeat: int) -> list[float]:
    result = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        result.append((time.perf_counter() - started) * 1000)
    return result


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        simulator = start_simulator(port, Path(folder) / "state.json")
        try:
            wsdl_url = f"http://127.0.0.1:{port}/soap?wsdl"
            skus = [product.sku for product in demo_products()[:24]]

            build = timings_ms(lambda: ErpClient(wsdl_url).load_wsdl(), CLIENTS)
            client = ErpClient(wsdl_url)
            client.load_wsdl()
            for _ in range(10):  # warm up connections and caches
                client.get_customer("10001")
                client.get_prices("10001", skus)
            customer = timings_ms(lambda: client.get_customer("10001"), CALLS)
            prices = timings_ms(lambda: client.get_prices("10001", skus), CALLS)
            assert len(client.get_prices("10001", skus)) == 24
        finally:
            simulator.terminate()
            simulator.wait(timeout=10)

    rows = [
        (f"build client (WSDL fetch+parse), {CLIENTS} fresh", build),
        (f"GetCustomer, {CALLS} calls", customer),
        (f"GetPrices 24 SKUs, {CALLS} calls", prices),
    ]
    print(f"{'what':<44} {'median ms':>10} {'p95 ms':>8}")
    for label, values in rows:
        print(f"{label:<44} {statistics.median(values):>10.2f} {p95(values):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
