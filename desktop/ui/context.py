"""What every view needs, passed explicitly (no global application object)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.permissions import Permissions
from desktop.settings import Settings
from desktop.store.repo import Store
from desktop.ui.events import ChangeBus
from desktop.ui.ops import Ops


@dataclass
class AppContext:
    store: Store
    ops: Ops
    bus: ChangeBus
    settings: Settings
    today: Callable[[], dt.date] = field(default=dt.date.today)
    # What the user may see and do (the server's rules); replaced after a sync round that
    # brought other rules, units or roles -- with a reload of every view.
    permissions: Permissions = field(default_factory=Permissions)
