"""What a running service is set up with: the size and time limits, and the bearer token
every ``/v1`` route then asks for (``None``: no token, for a service bound to loopback)."""

from __future__ import annotations

from dataclasses import dataclass, field

from zhibiao import __version__
from zhibiao.limits import DEFAULT_LIMITS, Limits

__all__ = ("VERSION", "VERSION_HEADER", "Settings")

#: The zhibiao version every response carries (header and JSON field).
VERSION = __version__
VERSION_HEADER = "X-Zhibiao-Version"


@dataclass(frozen=True)
class Settings:
    """The service's settings: ``limits`` (:class:`~zhibiao.limits.Limits`: the request
    size and time, the ruleset and actuals sizes) and the bearer ``token``."""

    limits: Limits = field(default=DEFAULT_LIMITS)
    token: str | None = None
