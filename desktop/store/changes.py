"""What a write changed: the record kinds and the client files it touched.

Every local write goes through :class:`~desktop.store.repo.Store`, and every synced change
through one outbox entry (``Store._outbox``); a pulled page goes through
``desktop.sync.apply``. Both note here what they touched, so the operation layer
(``desktop.ui.ops``) can announce exactly that, and a view reloads only when its data changed:
a client file tab when its client changed, the task list when tasks changed.

The recorder is per thread: a write runs on the writer thread, a sync round on the sync
thread, and neither sees the other's notes. Pure Python, no Qt.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Which records changed, as (kind, client id) pairs: kinds are ``client``,
    ``consultation``, ``task``, ``draft``, ...; the client id is the file the record belongs
    to ("" where none). ``everything`` means: reload all (a new server epoch, a changed access
    scope)."""

    pairs: frozenset[tuple[str, str]] = frozenset()
    everything: bool = False
    origin: str = "local"  # "local" (this user saved) or "sync" (pulled)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for kind, _client in self.pairs)

    @property
    def clients(self) -> frozenset[str]:
        return frozenset(client for _kind, client in self.pairs if client)

    def __bool__(self) -> bool:
        return self.everything or bool(self.pairs)

    def touches(self, kinds: Iterable[str] = (), client: str | None = None) -> bool:
        """Did this change touch a record of one of *kinds* (any kind if empty) -- of the
        file *client*, if given?"""
        if self.everything:
            return True
        wanted = set(kinds)
        return any(
            (not wanted or kind in wanted) and (client is None or owner == client)
            for kind, owner in self.pairs
        )

    def without(self, *kinds: str) -> Changes:
        """These changes but those of *kinds* (e.g. a view that does not show drafts)."""
        return Changes(
            frozenset(p for p in self.pairs if p[0] not in kinds), self.everything, self.origin
        )

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.pairs | other.pairs,
            self.everything or other.everything,
            self.origin if self.origin == other.origin else "sync",
        )

    @classmethod
    def of(cls, kind: str, *clients: str, origin: str = "local") -> Changes:
        return cls(frozenset((kind, c) for c in (clients or ("",))), origin=origin)


@dataclass
class ChangeLog:
    """Collects what one operation touched (see :func:`recording`)."""

    pairs: set[tuple[str, str]] = field(default_factory=set)

    def note(self, kind: str, client_id: str | None) -> None:
        self.pairs.add((kind, client_id or ""))

    def changes(self, origin: str = "local") -> Changes:
        return Changes(frozenset(self.pairs), origin=origin)


_local = threading.local()


@contextlib.contextmanager
def recording() -> Iterator[ChangeLog]:
    """Collect, on this thread, what the writes inside the block touched. Nested blocks
    each see their own writes and pass them on to the enclosing one."""
    log = ChangeLog()
    outer = getattr(_local, "log", None)
    _local.log = log
    try:
        yield log
    finally:
        _local.log = outer
        if outer is not None:
            outer.pairs |= log.pairs


def note(kind: str, client_id: str | None) -> None:
    """Called by the store for every record it writes (no-op outside :func:`recording`)."""
    log = getattr(_local, "log", None)
    if log is not None:
        log.note(kind, client_id)
