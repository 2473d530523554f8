"""Unmet needs (Ungedeckte Bedarfe): referrals that failed for lack of an offer, counted for
the county's needs analysis.

A referral is an *unmet need* when its status is ``failed`` ("nicht erfolgreich") and its
``failure_reason`` is flagged ``unmet`` in the catalog ``referral_failure`` (no capacity, no
offer, language not offered, too far away). Other failures (the client declined, was not
reachable, no longer needed it) say nothing about the county's offers and are not counted.

Needs are counted per cell **topic x language x place x month**: the referral's ``topic``,
``language`` (the language the client needs there), ``location`` (the place of the need) and
the month of ``referred_on`` (the day the need was seen, not the day the failure was noted:
a period then counts the needs that arose in it). Beside each count stands the number of all
referrals of the same cell, so coordination sees the *share* that failed as well as the
number. The counting rule is :func:`count`; the laptop's store runs the same in SQL
(``desktop.store.needs``) and a test holds the two equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from casefile import catalogs
from casefile.records import Referral

FAILED = "failed"


def unmet_reasons() -> tuple[str, ...]:
    """The catalog's failure reasons that count as unmet needs, in catalog order."""
    return tuple(e.code for e in catalogs.load("referral_failure").entries if e.extra.get("unmet"))


def is_unmet(status: str, failure_reason: str) -> bool:
    return status == FAILED and failure_reason in unmet_reasons()


def month_of(day: dt.date) -> str:
    """The month key of a day: ``"2026-11"``."""
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True)
class Cell:
    """One topic x language x place x month with its unmet needs and all its referrals."""

    month: str  # "YYYY-MM"
    topic: str  # catalog topic ("" not recorded)
    language: str  # catalog language ("" not recorded)
    location: str  # catalog location ("" not recorded)
    unmet: int
    total: int  # all referrals of the cell, whatever their status
    reasons: dict[str, int] = field(default_factory=dict)  # unmet reason -> count

    @property
    def key(self) -> tuple[str, str, str, str]:
        return self.month, self.topic, self.language, self.location

    @property
    def share(self) -> float:
        """Unmet needs as a share of all referrals of the cell (0..1)."""
        return self.unmet / self.total if self.total else 0.0


def order(cells: Iterable[Cell]) -> list[Cell]:
    """Month, then most unmet needs first, then topic, language, place."""
    return sorted(cells, key=lambda c: (c.month, -c.unmet, c.topic, c.language, c.location))


def count(
    referrals: Iterable[Referral],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Cell]:
    """The cells with at least one unmet need among *referrals* referred from *start* to *end*
    (both included; None: open), ordered by :func:`order`."""
    flagged = set(unmet_reasons())
    totals: dict[tuple[str, str, str, str], int] = {}
    reasons: dict[tuple[str, str, str, str], dict[str, int]] = {}
    for ref in referrals:
        if (start is not None and ref.referred_on < start) or (
            end is not None and ref.referred_on > end
        ):
            continue
        key = (month_of(ref.referred_on), ref.topic, ref.language, ref.location)
        totals[key] = totals.get(key, 0) + 1
        if ref.status == FAILED and ref.failure_reason in flagged:
            per = reasons.setdefault(key, {})
            per[ref.failure_reason] = per.get(ref.failure_reason, 0) + 1
    return order(
        Cell(*key, unmet=sum(per.values()), total=totals[key], reasons=per)
        for key, per in reasons.items()
    )
