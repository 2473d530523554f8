"""Conflicts a person settles: listing them and writing the chosen value.

A push stores every losing value as a conflict row. Those that need a person (identity fields)
stay open until someone picks a value; the rest are history, settled by their rule at once.
Resolving writes the chosen value like an edit made on the server: a new op with a fresh
server HLC past the field's current time, based on the current value, so it applies, gets a
new sequence number and reaches every device by pull. All open conflicts of the same field of
the same record are settled together: a person decided that field.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Row, select, update

from casefile import wire
from casefile.hlc import Timestamp
from casefile.ids import new_id
from casefile.sync import Op, OpResult, ProtocolError, RecordState, check_op, merge
from sync_server import audit, directory, live, referrals, schema as t
from sync_server.access import visible_to
from sync_server.auth import Device
from sync_server.db import record_seqs, utcnow
from sync_server.errors import ApiError
from sync_server.service import SyncService
from sync_server.store import dumps, lock_records, write_records


def _loads(text: str | None) -> Any:
    return orjson.loads(text) if text is not None else None


def conflict_dict(r: Row[Any]) -> dict[str, Any]:
    return {
        "id": r.id,
        "kind": r.kind,
        "record_id": r.record_id,
        "client_id": r.client_id,
        "field": r.field,
        "value": _loads(r.value),
        "hlc": r.hlc,
        "winner_value": _loads(r.winner_value),
        "winner_hlc": r.winner_hlc,
        "needs_person": bool(r.needs_person),
        "device_id": r.device_id,
        "created_at": r.created_at,
        "resolved_at": r.resolved_at,
        "resolved_by": r.resolved_by,
        "resolution": _loads(r.resolution),
    }


def list_conflicts(
    service: SyncService,
    device: Device,
    *,
    open_only: bool,
    record_id: str | None,
    client_id: str | None,
    after: str | None,
    limit: int,
) -> dict[str, Any]:
    """Conflicts ordered by id (time-ordered); page with ``after`` = the last id seen."""
    table, c = t.conflicts, t.conflicts.c
    stmt = select(table).where(visible_to(device, table)).order_by(c.id).limit(limit + 1)
    if open_only:
        stmt = stmt.where(c.resolved_at.is_(None))
    if record_id:
        stmt = stmt.where(c.record_id == record_id)
    if client_id:
        stmt = stmt.where(c.client_id == client_id)
    if after:
        stmt = stmt.where(c.id > after)
    with service.db.reader.connect() as conn:
        rows = conn.execute(stmt).all()
    items = [conflict_dict(r) for r in rows[:limit]]
    return {
        "conflicts": items,
        "has_more": len(rows) > limit,
        "next_after": items[-1]["id"] if items else after,
    }


def resolve(service: SyncService, device: Device, conflict_id: str, value: Any) -> dict[str, Any]:
    """Write *value* into the conflict's field and settle the field's open conflicts.

    Like a push, it passes the write gate (:meth:`Policy.write_refusal`) and the form rules
    (:func:`casefile.wire.check_fields`); the write and every refusal are in the audit log."""
    try:
        return _resolve(service, device, conflict_id, value)
    except ApiError as exc:
        if exc.status in (403, 422):
            audit.log(
                service.db,
                [
                    audit.row(
                        device,
                        "denied",
                        kind="conflict",
                        detail={"conflict_id": conflict_id, "reason": exc.code},
                    )
                ],
            )
        raise


def _resolve(service: SyncService, device: Device, conflict_id: str, value: Any) -> dict[str, Any]:
    table, c = t.conflicts, t.conflicts.c
    with service.db.writer.begin() as conn:
        stmt = select(table).where(c.id == conflict_id, visible_to(device, table))
        if conn.dialect.name != "sqlite":
            stmt = stmt.with_for_update()
        row = conn.execute(stmt).first()
        if row is None:
            raise ApiError(404, "not_found", {"conflict_id": conflict_id})
        if row.resolved_at is not None:
            raise ApiError(409, "conflict_resolved", conflict_dict(row))
        item = lock_records(conn, [row.record_id]).get(row.record_id)
        if item is None or item.state.deleted:
            raise ApiError(409, "record_deleted", {"record_id": row.record_id})
        state: RecordState = item.state
        if (
            service.policy.write_refusal(
                device, row.kind, state.fields, {**state.fields, row.field: value}
            )
            is not None
        ):
            raise ApiError(403, "forbidden", {"conflict_id": conflict_id})
        errors = wire.check_fields(row.kind, state.fields, {row.field: value})
        if errors:
            raise ApiError(
                422,
                "invalid_value",
                {"field": row.field, "reason": wire.german_reason(errors, row.kind)},
            )
        unknown = directory.refusal(
            directory.lazy(conn), row.kind, state.fields, {**state.fields, row.field: value}
        )
        if unknown is not None:
            raise ApiError(422, unknown[0], {"field": row.field, "reason": unknown[1]})
        if row.kind == "referral":
            refused = referrals.refusal(
                conn, {}, state.fields, {**state.fields, row.field: value}, row.record_id
            )
            if refused is not None:
                raise ApiError(422, refused[0], {"field": row.field, "reason": refused[1]})
        old = state.clocks.get(row.field)
        stamp = service.clock.observe(Timestamp.decode(old)) if old else service.clock.now()
        op = Op(
            new_id(),
            row.kind,
            row.record_id,
            "update",
            stamp.encode(),
            {row.field: value},
            {row.field: old},
        )
        try:
            check_op(op)
        except ProtocolError as exc:
            raise ApiError(
                422, "invalid_value", {"reason": exc.reason, "detail": exc.detail}
            ) from exc
        m = merge(row.kind, state, op)
        if m.state.fields.get(row.field) != value:  # a rule refused it (e.g. status backwards)
            raise ApiError(422, "invalid_value", {"reason": "rule", "field": row.field})
        item.state = m.state
        now = utcnow()
        (seq,) = record_seqs(conn, 1)
        write_records(conn, [(row.record_id, item)], [seq], [], now)
        by = f"{device.user_name} ({device.name})"
        resolution = dumps({"value": value, "hlc": op.hlc, "op_id": op.op_id, "seq": seq})
        settled = (
            conn.execute(
                update(table)
                .where(
                    c.kind == row.kind,
                    c.record_id == row.record_id,
                    c.field == row.field,
                    c.resolved_at.is_(None),
                )
                .values(resolved_at=now, resolved_by=by, resolution=resolution)
                .returning(c.id)
            )
            .scalars()
            .all()
        )
        result = OpResult(op.op_id, m.status, op.record_id, hlc=op.hlc).to_dict()
        conn.execute(
            t.applied_ops.insert().values(
                op_id=op.op_id, device_id=device.id, result=dumps(result), applied_at=now
            )
        )
        final = conn.execute(select(table).where(c.id == conflict_id)).one()
        audit.write(
            conn,
            [
                audit.row(
                    device,
                    "update",
                    kind=row.kind,
                    record_id=row.record_id,
                    client_id=row.client_id,
                    at=now,
                    detail={
                        "conflict_id": conflict_id,
                        "field": row.field,
                        "settled": len(settled),
                    },
                )
            ],
        )
    live.committed(service.db, live.queues_of([(row.record_id, item)]))
    return {
        "conflict": conflict_dict(final),
        "settled": sorted(settled),
        "seq": seq,
        "op": op.to_dict(),
    }
