"""Run the ERP simulator: python -m erp_bridge.simulator --port 8099 [--data F] [--state F]."""

import argparse
import os
import signal
import sys
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
        "--allow-bad-text",
        action="store_true",
        help="serve names and e-mails that break the text rules (a real ERP holds such data); "
        "structural errors are still refused",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Start the simulator (or print the WSDL); return the exit status."""
    arguments = parse_arguments(argv)
    if arguments.print_wsdl:
        from erp_bridge.simulator.service import render_wsdl

        sys.stdout.buffer.write(render_wsdl())
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
    server = create_server(backend, arguments.host, arguments.port, credentials)
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
