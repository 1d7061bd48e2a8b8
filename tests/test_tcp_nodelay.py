"""The server's sockets: Nagle's algorithm off, so a page's messages leave as they are made."""

from __future__ import annotations

import socket

from techmarket.serving import tcp_nodelay


def test_no_delay_sets_open_connections_and_the_listener_that_new_ones_inherit_from():
    listener = socket.socket(socket.AF_INET)  # as Streamlit binds it: protocol 0, which asyncio leaves alone
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    early = socket.create_connection(listener.getsockname())
    served, _ = listener.accept()  # a session already connected when the app first runs
    try:
        assert served.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        assert tcp_nodelay.no_delay.__wrapped__() >= 3  # the listener and both ends of the open connection
        assert served.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        late = socket.create_connection(listener.getsockname())
        accepted, _ = listener.accept()
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1  # inherited from the listener
        accepted.sendall(b"still open")
        assert late.recv(16) == b"still open"  # the descriptors were not closed behind the sockets' backs
        late.close()
        accepted.close()
    finally:
        for s in (early, served, listener):
            s.close()
