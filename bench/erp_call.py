"""What an ERP call costs: building a client (WSDL fetch + parse) and single SOAP calls.

Starts the bundled simulator on a free port and prints a small table: wall-clock time per
call, and the CPU time per call of this process (the client) and of the simulator, which
stay comparable on a busy machine:
    .venv/bin/python bench/erp_call.py
"""

import os
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
SKUS = 24


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


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_ms_per_call(action: Callable[[], object], repeat: int, server: int) -> tuple[float, float]:
    """CPU milliseconds per call in this process and in the server process."""
    client_before, server_before = time.process_time(), process_cpu_seconds(server)
    for _ in range(repeat):
        action()
    client = time.process_time() - client_before
    server_used = process_cpu_seconds(server) - server_before
    return client / repeat * 1000, server_used / repeat * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        simulator = start_simulator(port, Path(folder) / "state.json")
        try:
            wsdl_url = f"http://127.0.0.1:{port}/soap?wsdl"
            skus = [product.sku for product in demo_products()[:SKUS]]

            build = timings_ms(lambda: ErpClient(wsdl_url).load_wsdl(), CLIENTS)
            client = ErpClient(wsdl_url)
            client.load_wsdl()
            for _ in range(10):  # warm up connections and caches
                client.get_customer("10001")
                client.get_prices("10001", skus)
            customer = timings_ms(lambda: client.get_customer("10001"), CALLS)
            prices = timings_ms(lambda: client.get_prices("10001", skus), CALLS)
            stock = timings_ms(lambda: client.get_stock(skus), CALLS)
            assert len(client.get_prices("10001", skus)) == SKUS
            cpu = {
                "GetPrices": cpu_ms_per_call(
                    lambda: client.get_prices("10001", skus), CALLS, simulator.pid
                ),
                "GetStock": cpu_ms_per_call(lambda: client.get_stock(skus), CALLS, simulator.pid),
            }
        finally:
            simulator.terminate()
            simulator.wait(timeout=10)

    rows = [
        (f"build client (WSDL fetch+parse), {CLIENTS} fresh", build),
        (f"GetCustomer, {CALLS} calls", customer),
        (f"GetPrices {SKUS} SKUs, {CALLS} calls", prices),
        (f"GetStock {SKUS} SKUs, {CALLS} calls", stock),
    ]
    print(f"{'what':<44} {'median ms':>10} {'p95 ms':>8}")
    for label, values in rows:
        print(f"{label:<44} {statistics.median(values):>10.2f} {p95(values):>8.2f}")
    print(f"{'CPU per call':<44} {'client ms':>10} {'simulator ms':>13}")
    for operation, (client_ms, server_ms) in cpu.items():
        print(f"{operation + f', {CALLS} calls':<44} {client_ms:>10.2f} {server_ms:>13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
