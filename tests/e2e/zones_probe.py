#!/usr/bin/env python3
"""Probes for the zone test (run_zones_e2e.sh), run inside network namespaces:

  zones_probe.py serve PORT...          accepts TCP connections on every port (all addresses)
                                        and closes them; runs until killed
  zones_probe.py connect ADDR PORT      exits 0 when a TCP connection to ADDR:PORT opens within
                                        0.7 s, 1 when it is refused, dropped or times out
"""
import selectors
import socket
import sys


def serve(ports):
    sel = selectors.DefaultSelector()
    for port in ports:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(64)
        sel.register(s, selectors.EVENT_READ)
    print("ready", flush=True)
    while True:
        for key, _ in sel.select():
            conn, _ = key.fileobj.accept()
            conn.close()


def connect(address, port):
    try:
        with socket.create_connection((address, port), timeout=0.7):
            return 0
    except OSError:
        return 1


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "serve":
        serve([int(p) for p in sys.argv[2:]])
    elif len(sys.argv) == 4 and sys.argv[1] == "connect":
        sys.exit(connect(sys.argv[2], int(sys.argv[3])))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
