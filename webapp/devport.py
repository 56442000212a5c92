"""`make run`'s first step: check that the development server's port is free before starting it.

Without this check a taken port ends the run with a bare "Port 5000 is in use"; a newcomer needs
to be told which port to choose instead and how to ask for it.
Run as `python -m webapp.devport PORT [HOST]`: exits 0 when the port is free, else 1 with advice.
"""

from __future__ import annotations

import socket
import sys

DEFAULT_HOST = "127.0.0.1"
SEARCH_SPAN = 50


def port_is_free(port: int, host: str = DEFAULT_HOST) -> bool:
    """True when a server could listen on host:port now (binding, then letting go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def next_free_port(after: int, host: str = DEFAULT_HOST) -> int | None:
    """The first free port above `after` (within SEARCH_SPAN), or None."""
    for candidate in range(after + 1, min(after + 1 + SEARCH_SPAN, 65536)):
        if port_is_free(candidate, host):
            return candidate
    return None


def taken_port_advice(port: int, suggestion: int | None) -> str:
    """What to tell someone whose chosen port is taken."""
    lines = [f"Port {port} is already in use by another program, so the app cannot start on it."]
    if suggestion is not None:
        lines.append(f"Start it on a free port instead:  make run PORT={suggestion}")
    else:
        lines.append("Choose another port:  make run PORT=<number>")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Check the port named in argv; print advice to stderr when it is taken or malformed."""
    try:
        port = int(argv[0])
        if not 0 < port < 65536:
            raise ValueError
    except (IndexError, ValueError):
        print(f"PORT must be a number from 1 to 65535 (got {argv[0] if argv else 'nothing'!r}), e.g. make run PORT=5001", file=sys.stderr)
        return 2
    host = argv[1] if len(argv) > 1 else DEFAULT_HOST
    if port_is_free(port, host):
        return 0
    print(taken_port_advice(port, next_free_port(port, host)), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
