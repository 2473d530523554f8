"""Which records a device may see: the one place partial replication will be decided.

Issue 5 brings access scoping per user and unit (unit sections visible to other units only
where law or recorded consent allows). Until then every device sees every record: the hook
below returns a condition that is always true. Pull and the conflict list already filter
through it, so scoping will change this module only.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, Table, true

from sync_server.auth import Device


def visible_to(device: Device, table: Table) -> ColumnElement[bool]:
    """A SQL condition on *table* (records or conflicts): the rows *device* may receive.

    Currently everything (no scoping yet, see the module docstring).
    """
    return true()
