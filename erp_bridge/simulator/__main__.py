"""Run the ERP simulator: python -m erp_bridge.simulator --port 8099 [--data F] [--state F].

Or produce an order event on a running simulator (its control API), to play an order's life
by hand: python -m erp_bridge.simulator event ORDER-NUMBER ship --carrier UPS
"""

import argparse
import json
import os
import signal
import sys
import urllib.error
import urllib.request
from pathlib import Path

from erp_bridge.simulator.data import DEMO_DATA_PATH, InvalidDataFile, load_data


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m erp_bridge.simulator", description="The bundled ERP simulator (SOAP)."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument(
        "--data",
        type=Path,
        help="JSON data file (default: $ERP_SIM_DATA, else the shipped demo_data.json)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        help="JSON file keeping orders, contacts and updates across restarts (default: memory)",
    )
    parser.add_argument(
        "--auth", metavar="USER:PASSWORD", help="require HTTP basic auth for SOAP and the WSDL"
    )
    parser.add_argument(
        "--print-wsdl", action="store_true", help="print the WSDL (the contract) and exit"
    )
    parser.add_argument("--check", action="store_true", help="validate the data file and exit")
    parser.add_argument(
        "--contract",
        choices=("1.2", "1.3"),
        default="1.3",
        help="the contract version to speak: 1.2 is an older ERP without GetArticles",
    )
    parser.add_argument(
        "--allow-bad-text",
        action="store_true",
        help="serve names and e-mails that break the text rules (a real ERP holds such data); "
        "structural errors are still refused",
    )
    return parser.parse_args(argv)


# Verbs a person types, and the update kinds of the contract they produce.
EVENT_VERBS = {
    "confirm": "confirmed",
    "pay": "paid",
    "ship": "shipped",
    "invoice": "invoiced",
    "deliver": "delivered",
    "reject": "rejected",
}


def parse_event_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m erp_bridge.simulator event",
        description="Record an order update in a running simulator (the shop's worker "
        "picks it up with GetOrderUpdates).",
    )
    parser.add_argument("order_number", metavar="ORDER-NUMBER", help="the shop's order number")
    parser.add_argument("verb", choices=sorted(EVENT_VERBS))
    parser.add_argument("--url", default="http://127.0.0.1:8099", help="the simulator's base URL")
    parser.add_argument("--carrier", help="ship: e.g. DHL, UPS (default DHL)")
    parser.add_argument("--tracking", help="ship: the tracking number (default: generated)")
    parser.add_argument("--tracking-url", help="ship: the carrier's tracking page")
    parser.add_argument(
        "--line",
        action="append",
        metavar="LINE:QUANTITY",
        help="ship: a shipped line (repeatable; default: every line in full)",
    )
    parser.add_argument("--invoice-number", help="invoice: default generated")
    parser.add_argument("--invoice-date", help="invoice: YYYY-MM-DD (default today)")
    parser.add_argument("--due-date", help="invoice: YYYY-MM-DD (default 30 days later)")
    parser.add_argument("--amount", help="pay: the amount paid (default the order's gross)")
    parser.add_argument("--message", help="reject: the ERP's reason; any event: a note")
    return parser.parse_args(argv)


def send_event(argv: list[str]) -> int:
    """POST the event to /control/order-event; print the recorded update."""
    arguments = parse_event_arguments(argv)
    payload: dict = {"orderNumber": arguments.order_number, "kind": EVENT_VERBS[arguments.verb]}
    optional = {
        "carrier": arguments.carrier,
        "trackingNumber": arguments.tracking,
        "trackingUrl": arguments.tracking_url,
        "invoiceNumber": arguments.invoice_number,
        "invoiceDate": arguments.invoice_date,
        "dueDate": arguments.due_date,
        "paidAmount": arguments.amount,
        "message": arguments.message,
    }
    payload.update({key: value for key, value in optional.items() if value})
    if arguments.line:
        try:
            payload["shippedLines"] = [
                {"lineNumber": int(number), "quantity": int(quantity)}
                for number, _, quantity in (item.partition(":") for item in arguments.line)
            ]
        except ValueError:
            print("erp simulator: --line expects LINE:QUANTITY, e.g. 1:5", file=sys.stderr)
            return 2
    try:
        request = urllib.request.Request(
            f"{arguments.url.rstrip('/')}/control/order-event",
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
    except ValueError as error:
        print(f"erp simulator: --url: {error}", file=sys.stderr)
        return 2
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        print(f"erp simulator: {_error_of(error)}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"erp simulator: cannot reach {arguments.url}: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # an answer that is no JSON: not our simulator at that URL
        print(f"erp simulator: --url: {arguments.url} answered no JSON: {error}", file=sys.stderr)
        return 1
    print(json.dumps(answer["update"], indent=1, ensure_ascii=False))
    return 0


def _error_of(error: urllib.error.HTTPError) -> str:
    """The simulator's error message, or the HTTP status when the answer holds none."""
    try:
        return str(json.loads(error.read())["error"])
    except (ValueError, KeyError, TypeError):
        return f"the simulator answered {error.code} {error.reason}"


def main(argv: list[str] | None = None) -> int:
    """Start the simulator (or print the WSDL, or send an event); return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["event"]:
        return send_event(argv[1:])
    arguments = parse_arguments(argv)
    if arguments.print_wsdl:
        from erp_bridge.simulator.service import render_wsdl

        sys.stdout.buffer.write(render_wsdl(contract=arguments.contract))
        return 0

    data_path = arguments.data or Path(os.environ.get("ERP_SIM_DATA") or DEMO_DATA_PATH)
    try:
        data = load_data(data_path, allow_bad_text=arguments.allow_bad_text)
    except InvalidDataFile as error:
        print(f"erp simulator: invalid data file {data_path}: {error}", file=sys.stderr)
        return 2
    if arguments.check:
        print(f"erp simulator: {data_path} is valid ({len(data.customers)} customers)")
        return 0
    credentials = None
    if arguments.auth:
        username, separator, password = arguments.auth.partition(":")
        if not separator or not username:
            print("erp simulator: --auth expects USER:PASSWORD", file=sys.stderr)
            return 2
        credentials = (username, password)

    from erp_bridge.simulator.backend import ErpBackend
    from erp_bridge.simulator.server import SOAP_PATH, create_server

    try:
        backend = ErpBackend(data, arguments.state)
    except (OSError, ValueError) as error:
        print(f"erp simulator: cannot read state file {arguments.state}: {error}", file=sys.stderr)
        return 2
    server = create_server(backend, arguments.host, arguments.port, credentials, arguments.contract)
    # SIGTERM ends serve_forever like Ctrl-C; the state file is always complete on disk.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(
        f"erp simulator: http://{arguments.host}:{server.server_port}{SOAP_PATH}?wsdl "
        f"(data {data_path})",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
