"""namematch: screen passenger lists against watchlists by name, across scripts.

Typical use::

    import namematch as nm
    wl = nm.Watchlist.from_csv("watchlist.csv")      # or Watchlist.load("list.nmi")
    screener = nm.Screener(wl)                         # config=nm.ScreenConfig(...)
    for alert in screener.screen("passengers.csv"):
        print(alert.passenger_id, alert.watchlist_id, alert.score, alert.explain())
    nm.compare("Нурлан Бекмұхамбетов", "BEKMUKHAMBETOV/NURLAN MR").score

Heavy modules are imported on first use, so ``import namematch`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Alert",
    "Comparison",
    "IndexFormatError",
    "InputError",
    "ListName",
    "ListedPerson",
    "NameType",
    "NamematchError",
    "Passenger",
    "Rejected",
    "ScreenConfig",
    "Screener",
    "Watchlist",
    "__version__",
    "compare",
]

if TYPE_CHECKING:
    from namematch.errors import IndexFormatError, InputError, NamematchError
    from namematch.score import Comparison, compare
    from namematch.screen import Alert, ScreenConfig, Screener, Watchlist
    from namematch.types import ListedPerson, ListName, NameType, Passenger, Rejected

_LAZY = {
    "Alert": "namematch.screen", "ScreenConfig": "namematch.screen",
    "Screener": "namematch.screen", "Watchlist": "namematch.screen",
    "Comparison": "namematch.score", "compare": "namematch.score",
    "IndexFormatError": "namematch.errors", "InputError": "namematch.errors",
    "NamematchError": "namematch.errors",
    "ListName": "namematch.types", "ListedPerson": "namematch.types",
    "NameType": "namematch.types", "Passenger": "namematch.types",
    "Rejected": "namematch.types",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'namematch' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
