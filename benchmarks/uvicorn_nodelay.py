"""`python benchmarks/uvicorn_nodelay.py ARGS...`: uvicorn's command line, with a listener
whose connections get TCP_NODELAY.

With `--workers N`, uvicorn binds the listening socket itself and leaves its
`proto` at 0; accepted connections inherit it, and asyncio sets TCP_NODELAY
only on sockets that say IPPROTO_TCP. Nagle's algorithm then holds back the
second write of every response on a keep-alive connection until the client's
delayed ACK, about 40 ms later on Linux (uvicorn issue 3149; uvloop sets the
option itself and is not affected). Under the benchmark's 64 connections that
caps every endpoint, the bare one too, at about 1,400 requests a second, which
measures the delay, not the app. This launcher rebuilds the socket object
around the same file descriptor, letting Python read its real protocol.
"""

from __future__ import annotations

import socket
import sys

import uvicorn.config
from uvicorn.main import main

_bind_socket = uvicorn.config.Config.bind_socket


def bind_socket(config: uvicorn.config.Config) -> socket.socket:
    bound = _bind_socket(config)
    if bound.family in (socket.AF_INET, socket.AF_INET6) and bound.proto == 0:
        return socket.socket(fileno=bound.detach())  # reads SO_PROTOCOL: IPPROTO_TCP
    return bound


if __name__ == "__main__":
    uvicorn.config.Config.bind_socket = bind_socket  # type: ignore[method-assign]
    sys.exit(main())
