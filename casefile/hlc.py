"""Hybrid logical clock (HLC) for ordering concurrent edits across devices.

A timestamp is (wall milliseconds, logical counter, node id). It never runs backwards on one
device even if the wall clock does, and it moves past every timestamp the device has seen, so
an edit made after seeing another edit always orders after it. Encoded as a fixed-width string
so that string order equals timestamp order (convenient for SQL columns).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:015d}-{self.counter:05d}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, counter, node = text.split("-", 2)
        return cls(int(wall), int(counter), node)


class Clock:
    """A hybrid logical clock for one node (device or server)."""

    def __init__(self, node: str, wall: Callable[[], int] = lambda: time.time_ns() // 1_000_000):
        self.node = node
        self._wall = wall
        self._last = Timestamp(0, 0, node)
        self._lock = threading.Lock()

    def wall_ms(self) -> int:
        """The node's physical clock (ms since 1970), without the logical part."""
        return self._wall()

    def now(self) -> Timestamp:
        with self._lock:
            wall = self._wall()
            if wall > self._last.wall_ms:
                self._last = Timestamp(wall, 0, self.node)
            else:
                self._last = Timestamp(self._last.wall_ms, self._last.counter + 1, self.node)
            return self._last

    def observe(self, remote: Timestamp) -> Timestamp:
        """Merge a timestamp received from another node."""
        with self._lock:
            wall = self._wall()
            top = max(wall, self._last.wall_ms, remote.wall_ms)
            if top == self._last.wall_ms == remote.wall_ms:
                counter = max(self._last.counter, remote.counter) + 1
            elif top == self._last.wall_ms:
                counter = self._last.counter + 1
            elif top == remote.wall_ms:
                counter = remote.counter + 1
            else:
                counter = 0
            self._last = Timestamp(top, counter, self.node)
            return self._last
