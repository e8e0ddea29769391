"""Where the device server listens and how phones reach it: one value that the command line,
the environment (`control.configured`) and the app's question hand to `DeviceServer`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Listen:
    host: str = "127.0.0.1"
    """The address to bind: this machine only, unless the facilitator chose the network."""
    port: int = 0
    """0: any free port."""
    public_url: str = ""
    """The address phones open behind a reverse proxy ("": the bound address)."""
    trust_proxy: bool = False
    """Forwarded headers (X-Forwarded-For, -Proto) count, from a proxy on this same machine."""


LOCAL = Listen()
"""This machine only, on a free port."""
