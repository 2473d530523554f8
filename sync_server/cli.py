"""``mia-sync-server``: run, migrate and administer the central sync server.

Every command takes ``--database-url`` (default: ``$MIA_DATABASE_URL``, else the SQLite file
``mia-sync.sqlite`` in the working directory). Exit status 0 on success, 1 on a refused action
(unknown user, ...), 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from pathlib import Path

from sync_server.backup import BackupError, backup_to
from sync_server.config import Settings
from sync_server.db import Database, SchemaTooNew, migrate, open_database

log = logging.getLogger("sync_server")
GRACEFUL_SHUTDOWN_S = 10


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(
        database_url=args.database_url,
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        workers=getattr(args, "workers", None),
    )


def _db(args: argparse.Namespace, *, migrated: bool = True) -> Database:
    settings = _settings(args)
    db = open_database(settings.database_url, pool_size=2)
    if migrated:
        migrate(db, backup_to(settings.backup_dir))
    return db


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    db = open_database(settings.database_url, pool_size=1)
    try:
        before, after = migrate(db, backup_to(settings.backup_dir))
    except BackupError as exc:
        print(
            f"Schema-Upgrade abgebrochen, weil keine Sicherung geschrieben werden konnte: {exc}",
            file=sys.stderr,
        )
        return 2
    if before != after:
        print(f"database migrated: {before} -> {after}", file=sys.stderr)
    # The access rules decide each record's category: worked out again when they changed.
    from sync_server.access import Policy, PolicyError, ensure_classified

    try:
        policy = Policy.load(settings.access_policy or None)
    except PolicyError as exc:
        print(exc, file=sys.stderr)
        return 2
    from casefile.queue import Rules, RulesError

    try:
        Rules.load(settings.queue_rules or None)  # each worker reads them; refuse a bad file now
    except RulesError as exc:
        print(exc, file=sys.stderr)
        return 2
    ensure_classified(db, policy)
    # --- issue 21: reports --- (the facts of the records stored before they were kept)
    from sync_server import report_facts

    report_facts.ensure(db)
    if settings.check_duplicates:
        # Once per database: the blocking keys of clients stored before the check existed.
        from casefile.hlc import Clock
        from sync_server.duplicates import DuplicateCheck
        from sync_server.identity import Identity

        DuplicateCheck(db, Identity(db, Clock("server-index"))).ensure_indexed()
    db.dispose()
    # Worker processes build their app from the environment (uvicorn's factory).
    os.environ.update(settings.to_environ())
    uvicorn.run(
        "sync_server.api:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        proxy_headers=True,
        # Open event streams (sync_server.live) never end by themselves: a stop waits this
        # long for requests in flight, then closes them (the PCs reconnect to the next server).
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from sync_server.access import Policy, install
    from sync_server.retention import expire_consents, run

    policy = Policy.load(_settings(args).access_policy or None)
    install(policy)
    db = _db(args)
    counts = run(db, policy, dry_run=args.dry_run, by="retention (cli)")
    verb = "due" if args.dry_run else "erased"
    print(
        f"retention: {counts['clients']} client files and {counts['records']} records {verb}"
        + ("" if args.dry_run else f"; {counts['counted']} consultations counted anonymously")
    )
    if not args.dry_run:
        print(f"consents expired since the last run: {expire_consents(db)}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from sync_server import audit

    db = _db(args)
    rows, after = [], 0
    while True:
        page = audit.query(
            db, client_id=args.client, user_name=args.user, after_id=after, limit=10000
        )
        rows += page
        if len(page) < 10000:
            break
        after = page[-1]["id"]
    audit.log(
        db,
        [
            audit.row(
                None,
                "export",
                user_name="cli",
                client_id=args.client,
                kind="audit_log",
                detail={"user": args.user, "rows": len(rows)},
            )
        ],
    )
    text = audit.to_csv(rows)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        print(f"{len(rows)} audit entries -> {args.out}")
    return 0


def cmd_export_client(args: argparse.Namespace) -> int:
    import orjson

    from sync_server.errors import ApiError
    from sync_server.export import client_export

    try:
        data = client_export(_db(args), args.client_id, by="cli")
    except ApiError:
        print(f"mia-sync-server: no client {args.client_id}", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    from sync_server.export_pdf import write_pdf  # the readable form (fpdf2, no Qt)

    pdf = write_pdf(data, out.with_suffix(".pdf"))
    print(f"export of {args.client_id}: {out} and {pdf}")
    return 0


def cmd_erase_client(args: argparse.Namespace) -> int:
    from casefile.ids import canonical_id
    from sync_server.access import Policy, install
    from sync_server.errors import ApiError
    from sync_server.retention import erase_client

    install(Policy.load(_settings(args).access_policy or None))
    client_id = canonical_id(args.client_id)
    reason = args.reason.strip()
    if client_id is None or len(reason) < 3:
        print(
            "mia-sync-server: a client id (UUID) and a reason (--reason) are needed",
            file=sys.stderr,
        )
        return 2
    try:
        done = erase_client(_db(args), client_id, device=None, reason=reason, by="cli")
    except ApiError as exc:
        print(f"mia-sync-server: {exc.code}: {client_id}", file=sys.stderr)
        return 1
    print(
        f"erased client {client_id}: {done['erased']} records; devices drop them on their next sync"
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    try:
        before, after = migrate(_db(args, migrated=False), backup_to(_settings(args).backup_dir))
    except BackupError as exc:
        print(
            f"Schema-Upgrade abgebrochen, weil keine Sicherung geschrieben werden konnte: {exc}",
            file=sys.stderr,
        )
        return 2
    print(f"schema {before} -> {after}" if before != after else f"schema {after}: up to date")
    return 0


def _read_password(prompt: str = "Passwort") -> str:
    """A password from the prompt (asked twice) or, scripted, the first line of standard
    input -- never from the command line, where other users of the machine could read it."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"{prompt}: ")
    if first != getpass.getpass(f"{prompt} wiederholen: "):
        raise ValueError("Die beiden Eingaben stimmen nicht überein.")
    return first


def _audit_cli(args: argparse.Namespace, what: str, name: str, **detail) -> None:
    from sync_server import audit

    audit.log(
        _db(args),
        [
            audit.row(
                None,
                "user",
                user_name="cli",
                kind="user",
                detail={"action": what, "user": name, **detail},
            )
        ],
    )


def cmd_create_user(args: argparse.Namespace) -> int:
    from sync_server.auth import WeakPassword, create_user

    try:
        user_id = create_user(
            _db(args),
            args.name,
            _read_password(),
            args.role or ["caseworker"],
            args.unit or [],
            rules=_settings(args).password_rules,
            display_name=args.display_name or "",
        )
    except WeakPassword as exc:
        print(f"mia-sync-server: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"mia-sync-server: {exc}", file=sys.stderr)
        return 1
    _audit_cli(args, "create", args.name, roles=args.role or ["caseworker"], units=args.unit or [])
    print(f"user {args.name} created ({user_id})")
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    """Every user: roles, units, state, active devices."""
    from sync_server.auth import list_users

    rows = list_users(_db(args))
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'user':20}  {'roles':28}  {'units':24}  {'devices':7}  state")
    for u in rows:
        state = ("locked " + u["locked_at"][:16] if u["locked_at"] else "active") + (
            ", must change password" if u["must_change_password"] else ""
        )
        print(
            f"{u['name'][:20]:20}  {','.join(u['roles'])[:28]:28}  "
            f"{','.join(u['units'])[:24]:24}  {u['devices']:7}  {state}"
        )
    return 0


def _user_command(args: argparse.Namespace, fn, done: str, **kw) -> int:
    if not fn(_db(args), args.name, **kw):
        print(f"mia-sync-server: no user {args.name!r}", file=sys.stderr)
        return 1
    _audit_cli(args, args.command, args.name, **{k: v for k, v in kw.items() if v is not None})
    print(done.format(name=args.name))
    return 0


def cmd_lock_user(args: argparse.Namespace) -> int:
    from sync_server.auth import lock_user

    return _user_command(
        args,
        lock_user,
        "user {name} locked: every device of theirs is refused from its next request on",
    )


def cmd_unlock_user(args: argparse.Namespace) -> int:
    from sync_server.auth import unlock_user

    return _user_command(args, unlock_user, "user {name} unlocked")


def cmd_set_user(args: argparse.Namespace) -> int:
    from sync_server.auth import set_user

    if args.role is None and args.unit is None and args.display_name is None:
        print("mia-sync-server: --role, --unit and/or --display-name needed", file=sys.stderr)
        return 2
    return _user_command(
        args,
        set_user,
        "user {name} changed; the devices receive their new scope on their next sync",
        roles=args.role,
        units=args.unit,
        display_name=args.display_name,
    )


def cmd_add_mediator(args: argparse.Namespace) -> int:
    from sync_server.directory import add_mediator

    try:
        mediator_id = add_mediator(_db(args), args.name, args.language or [])
    except ValueError as exc:
        print(f"mia-sync-server: {exc}", file=sys.stderr)
        return 1
    _audit_cli(args, "add-mediator", args.name, languages=args.language or [])
    print(f"mediator {args.name} added ({mediator_id}); laptops receive it on their next sync")
    return 0


def cmd_mediators(args: argparse.Namespace) -> int:
    """The language mediators of the directory: languages, state."""
    from sync_server.directory import list_mediators

    rows = list_mediators(_db(args))
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"{'mediator':36}  {'languages':24}  state")
    for m in rows:
        state = "deactivated " + m["deactivated_at"][:16] if m["deactivated_at"] else "active"
        print(f"{m['name'][:36]:36}  {','.join(m['languages'])[:24]:24}  {state}")
    return 0


def cmd_deactivate_mediator(args: argparse.Namespace) -> int:
    from sync_server.directory import deactivate_mediator

    if not deactivate_mediator(_db(args), args.name):
        print(f"mia-sync-server: no mediator {args.name!r}", file=sys.stderr)
        return 1
    _audit_cli(args, "deactivate-mediator", args.name)
    print(f"mediator {args.name} deactivated: no more offered; records naming them stay valid")
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    from sync_server.auth import reset_password

    try:
        one_time = reset_password(_db(args), args.name)
    except ValueError:
        print(f"mia-sync-server: no user {args.name!r}", file=sys.stderr)
        return 1
    _audit_cli(args, "reset-password", args.name)
    print(f"one-time password for {args.name}: {one_time}")
    print("It is shown only this once; at the next login it must be changed.", file=sys.stderr)
    return 0


def cmd_create_device(args: argparse.Namespace) -> int:
    from sync_server.auth import create_device

    device_id, token = create_device(_db(args), args.user, args.name)
    print(f"device_id: {device_id}")
    print(f"token:     {token}")
    print("The token is shown only this once; the server keeps only its hash.", file=sys.stderr)
    return 0


def cmd_revoke_device(args: argparse.Namespace) -> int:
    """Revoke a device, and ask whether to lock its user too (a lost laptop's password may
    be known: with the password alone, a new device could be registered)."""
    from sqlalchemy import select

    from sync_server import schema as t
    from sync_server.auth import lock_user, revoke_device

    db = _db(args)
    with db.reader.connect() as conn:
        user = conn.execute(
            select(t.users.c.name)
            .join_from(t.devices, t.users, t.devices.c.user_id == t.users.c.id)
            .where(t.devices.c.id == args.device_id)
        ).scalar()
    if not revoke_device(db, args.device_id):
        print(f"no active device {args.device_id}", file=sys.stderr)
        return 1
    _audit_cli(args, "revoke-device", user or "", device_id=args.device_id)
    print(f"device {args.device_id} revoked; it wipes its local data on its next contact")
    lock = args.lock_user
    if lock is None and sys.stdin.isatty():
        lock = input(
            f"Benutzer {user} auch sperren (ein neues Gerät braucht dann die IT)? [j/N] "
        ).strip().lower() in ("j", "ja", "y", "yes")
    if lock and user:
        lock_user(db, user)
        _audit_cli(args, "lock-user", user)
        print(f"user {user} locked")
    elif lock is None:
        print(f"user {user} stays active (--lock-user locks the user too)")
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    """The registered laptops (to find the one to revoke): id, user, name, dates."""
    from sqlalchemy import select

    from sync_server import schema as t

    d, u = t.devices.c, t.users.c
    query = (
        select(d.id, u.name, d.name, d.created_at, d.last_seen_at, d.revoked_at)
        .join_from(t.devices, t.users, d.user_id == u.id)
        .order_by(u.name, d.created_at)
    )
    if args.user:
        query = query.where(u.name == args.user)
    with _db(args).reader.connect() as conn:
        rows = conn.execute(query).all()
    print(f"{'device id':36}  {'user':16}  {'name':24}  {'registered':16}  {'last seen':16}  state")
    for r in rows:
        print(
            f"{r[0]:36}  {r[1][:16]:16}  {r[2][:24]:24}  {(r[3] or '')[:16]:16}  "
            f"{(r[4] or '-')[:16]:16}  {'revoked ' + r[5][:16] if r[5] else 'active'}"
        )
    return 0


def cmd_add_display(args: argparse.Namespace) -> int:
    """A waiting-room display for a location: its token is printed once."""
    from sync_server.display import add_display

    db = _db(args)
    display_id, token = add_display(db, args.location, args.name or "")
    _audit_cli(args, "add-display", args.name or "", location=args.location, display_id=display_id)
    print(f"display_id: {display_id}")
    print(f"token:      {token}")
    print(f"page:       /display/{args.location}?token={token}")
    print("The token is shown only this once; the server keeps only its hash.", file=sys.stderr)
    return 0


def cmd_displays(args: argparse.Namespace) -> int:
    """The waiting-room displays: id, location, name, state."""
    from sync_server.display import list_displays

    rows = list_displays(_db(args))
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"{'display id':36}  {'location':20}  {'name':28}  {'added':16}  state")
    for r in rows:
        state = "revoked " + r["revoked_at"][:16] if r["revoked_at"] else "active"
        print(
            f"{r['id']:36}  {r['location'][:20]:20}  {r['name'][:28]:28}  "
            f"{r['created_at'][:16]:16}  {state}"
        )
    return 0


def cmd_revoke_display(args: argparse.Namespace) -> int:
    from sync_server.display import revoke_display

    if not revoke_display(_db(args), args.display_id):
        print(f"no active display {args.display_id}", file=sys.stderr)
        return 1
    _audit_cli(args, "revoke-display", "", display_id=args.display_id)
    print(f'display {args.display_id} revoked; its page shows "Bitte warten" from now on')
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from sync_server.admin import status

    info = status(_db(args, migrated=False))
    if args.json:
        print(json.dumps(info, indent=2))
    else:
        for key, value in info.items():
            print(f"{key:18} {value}")
    return 0


def cmd_new_epoch(args: argparse.Namespace) -> int:
    from sync_server.admin import new_epoch

    print(f"new epoch: {new_epoch(_db(args))}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from sync_server.backup import BackupError, backup

    try:
        path = backup(_db(args, migrated=False), args.out)
    except BackupError as exc:
        print(f"Sicherung fehlgeschlagen: {exc}", file=sys.stderr)
        return 1
    print(f"backup: {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from sync_server.backup import BackupError, restore

    try:
        info = restore(_db(args, migrated=False), args.file)
    except BackupError as exc:
        print(f"Wiederherstellung abgelehnt: {exc}", file=sys.stderr)
        return 1
    print(
        f"restored {args.file}: {info['records']} records, {info['clients']} client files, "
        f"taken {info['created_at']}; new epoch {info['new_epoch']} (laptops pull anew and "
        "send what the backup lacks)"
    )
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from sync_server.seed import seed_demo

    counts = seed_demo(
        _db(args),
        args.clients,
        seed=args.seed,
        consultations_per_client=args.consultations_per_client,
        duplicates=args.duplicates,
    )
    print(", ".join(f"{kind}: {n}" for kind, n in counts.items()))
    return 0


def cmd_import_directory(args: argparse.Namespace) -> int:
    """An HSDS 3.0 file (JSON, zip of CSV files, or a folder of them) into the directory."""
    from casefile import hsds
    from sync_server.offer_directory import (
        ImportRefused,
        import_directory,
        read_directory,
    )
    from sync_server.service import SyncService

    settings = _settings(args)
    db = _db(args)
    providers, _offers = read_directory(db)
    try:
        imported = hsds.read_path(args.file, known_providers=[p.id for p in providers])
        report = import_directory(SyncService(db, settings), imported, dry_run=args.dry_run)
    except (hsds.HsdsError, ImportRefused) as exc:
        for line in exc.messages:
            print(line, file=sys.stderr)
        print(f"Nichts importiert: {len(exc.messages)} Einträge sind fehlerhaft.", file=sys.stderr)
        return 1
    for note in report.notes:
        print(f"Hinweis: {note}")
    print(report.summary())
    return 0


def cmd_export_directory(args: argparse.Namespace) -> int:
    """The directory as HSDS JSON or CSV, as the printable brochure or as web pages."""
    import orjson

    from casefile import hsds
    from sync_server.offer_directory import read_directory

    providers, offers = read_directory(_db(args))
    out = Path(args.out)
    include_stale = not args.without_stale
    if args.format in ("json", "csv"):
        export = hsds.export(providers, offers)
        for warning in export.warnings:
            print(f"Hinweis: {warning}", file=sys.stderr)
        if args.format == "json":
            out.write_bytes(orjson.dumps(export.json(), option=orjson.OPT_INDENT_2))
        elif out.suffix.lower() == ".zip":
            out.write_bytes(export.csv_zip())
        else:
            out.mkdir(parents=True, exist_ok=True)
            for name, text in export.csv_files().items():
                (out / name).write_text(text, encoding="utf-8")
    elif args.format == "pdf":
        from sync_server.consulting_hours import read_hours  # issue 20: a chapter of hours
        from sync_server.directory_print import write_brochure

        write_brochure(
            providers, offers, out, include_stale=include_stale, hours=read_hours(_db(args))
        )
    else:
        from sync_server.consulting_hours import read_hours  # issue 20: the hours' page
        from sync_server.directory_web import write_site

        hours = read_hours(_db(args))
        write_site(providers, offers, out, include_stale=include_stale, hours=hours)
    print(f"{len(providers)} Träger, {len(offers)} Angebote -> {out}")
    return 0


def cmd_dedupe(args: argparse.Namespace) -> int:
    """Judge the pairs of a CSV of person records (no database involved)."""
    import time

    from casefile.dedupe import PersonIndex, read_csv, write_pairs

    started = time.perf_counter()
    try:
        with open(args.csv, newline="", encoding="utf-8-sig") as f:
            persons, problems = read_csv(f)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"mia-sync-server: {args.csv} kann nicht gelesen werden: {exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"{args.csv}:{problem.line}: {problem.id or '-'}: {problem.message}", file=sys.stderr)
    pairs = PersonIndex(persons).pairs(at_least=args.at_least)
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        written = write_pairs(f, pairs)
    same = sum(1 for p in pairs if p.match.decision == "same")
    print(
        f"{len(persons)} Personen, {len(problems)} Hinweise zu Zeilen, {written} Paare "
        f"({same} sicher, {written - same} zu prüfen) in {time.perf_counter() - started:.1f} s "
        f"-> {args.out}"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        help="SQLAlchemy URL (default $MIA_DATABASE_URL or sqlite:///mia-sync.sqlite)",
    )
    p = argparse.ArgumentParser(prog="mia-sync-server", description="MiA Desk central sync server")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", parents=[common], help="migrate, then serve HTTP")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--workers", type=int, help="processes (PostgreSQL: several)")
    s.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", parents=[common], help="create or upgrade the schema").set_defaults(
        func=cmd_migrate
    )
    s = sub.add_parser(
        "create-user",
        parents=[common],
        help="add a user (the password is "
        "asked for, or read from the first line of standard input)",
    )
    s.add_argument("name")
    s.add_argument("--role", action="append", help="repeatable; default caseworker")
    s.add_argument("--unit", action="append", help="repeatable, e.g. integration")
    s.add_argument("--display-name", help="the name colleagues see in pick lists")
    s.set_defaults(func=cmd_create_user)
    s = sub.add_parser("users", parents=[common], help="list users: roles, units, state")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_users)
    for name, func, text in (
        ("lock-user", cmd_lock_user, "lock a user: all devices refused"),
        ("unlock-user", cmd_unlock_user, "unlock a user"),
        (
            "reset-password",
            cmd_reset_password,
            "a one-time password, to be changed at the next login",
        ),
    ):
        s = sub.add_parser(name, parents=[common], help=text)
        s.add_argument("name")
        s.set_defaults(func=func)
    s = sub.add_parser("set-user", parents=[common], help="change a user's roles and/or units")
    s.add_argument("name")
    s.add_argument("--role", action="append", help="repeatable; replaces the roles")
    s.add_argument("--unit", action="append", help="repeatable; replaces the units")
    s.add_argument("--display-name", help="the name colleagues see in pick lists")
    s.set_defaults(func=cmd_set_user)
    s = sub.add_parser(
        "add-mediator", parents=[common], help="add a language mediator to the directory"
    )
    s.add_argument("name")
    s.add_argument("--language", action="append", help="repeatable catalog code, e.g. ar")
    s.set_defaults(func=cmd_add_mediator)
    s = sub.add_parser("mediators", parents=[common], help="list language mediators")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_mediators)
    s = sub.add_parser(
        "deactivate-mediator",
        parents=[common],
        help="deactivate a mediator (never deleted: old records stay valid)",
    )
    s.add_argument("name")
    s.set_defaults(func=cmd_deactivate_mediator)
    s = sub.add_parser("create-device", parents=[common], help="add a device, print its token")
    s.add_argument("user")
    s.add_argument("name")
    s.set_defaults(func=cmd_create_device)
    s = sub.add_parser("devices", parents=[common], help="list registered laptops (--user NAME)")
    s.add_argument("--user")
    s.set_defaults(func=cmd_devices)
    s = sub.add_parser(
        "revoke-device",
        parents=[common],
        help="refuse a device from now on (asks whether to lock its user too)",
    )
    s.add_argument("device_id")
    g = s.add_mutually_exclusive_group()
    g.add_argument(
        "--lock-user",
        dest="lock_user",
        action="store_true",
        default=None,
        help="lock the device's user too",
    )
    g.add_argument(
        "--keep-user", dest="lock_user", action="store_false", help="leave the user active"
    )
    s.set_defaults(func=cmd_revoke_device)
    s = sub.add_parser(
        "add-display",
        parents=[common],
        help="a waiting-room display for a location: prints its token once",
    )
    s.add_argument("location", help="catalog code of the location, e.g. lra_naumburg")
    s.add_argument("--name", help="e.g. 'Wartebereich EG'")
    s.set_defaults(func=cmd_add_display)
    s = sub.add_parser("displays", parents=[common], help="list waiting-room displays")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_displays)
    s = sub.add_parser("revoke-display", parents=[common], help="refuse a display from now on")
    s.add_argument("display_id")
    s.set_defaults(func=cmd_revoke_display)
    s = sub.add_parser("status", parents=[common], help="counts, epoch, schema, last seq")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)
    sub.add_parser("new-epoch", parents=[common], help="after restoring a backup").set_defaults(
        func=cmd_new_epoch
    )
    s = sub.add_parser(
        "backup",
        parents=[common],
        help="write a checked backup file (SQLite or PostgreSQL) into --out",
    )
    s.add_argument("--out", type=Path, default=Path("."), help="directory for the backup file")
    s.set_defaults(func=cmd_backup)
    s = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a backup (checked first; stop the service)",
    )
    s.add_argument("file", type=Path)
    s.set_defaults(func=cmd_restore)
    s = sub.add_parser("seed-demo", parents=[common], help="load generated demo client files")
    s.add_argument("--clients", type=int, default=1500)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--consultations-per-client", type=float, default=5.0)
    s.add_argument(
        "--duplicates",
        action="store_true",
        help="register some people twice (other spelling) and check them",
    )
    s.set_defaults(func=cmd_seed_demo)
    s = sub.add_parser(
        "retention",
        parents=[common],
        help="erase client files and records whose retention period is over",
    )
    s.add_argument("--dry-run", action="store_true", help="only count what is due")
    s.set_defaults(func=cmd_retention)
    s = sub.add_parser("audit", parents=[common], help="the audit log as CSV, per client or user")
    s.add_argument("--client", help="client id")
    s.add_argument("--user", help="user name")
    s.add_argument("--out", required=True, help="CSV file to write ('-': standard output)")
    s.set_defaults(func=cmd_audit)
    s = sub.add_parser(
        "export-client",
        parents=[common],
        help="everything stored about one client (Art. 15 GDPR): JSON and PDF",
    )
    s.add_argument("client_id")
    s.add_argument("--out", required=True, help="the JSON file; the PDF is written next to it")
    s.set_defaults(func=cmd_export_client)
    s = sub.add_parser(
        "erase-client",
        parents=[common],
        help="erase a client file with all its records (Art. 17 GDPR, or a "
        "registration made in error); the reason goes to the audit log",
    )
    s.add_argument("client_id")
    s.add_argument("--reason", required=True, help="why (the request's reference, ...)")
    s.set_defaults(func=cmd_erase_client)
    s = sub.add_parser(
        "import-directory",
        parents=[common],
        help="import offers and providers from Open Referral HSDS 3.0 (JSON, a zip of CSV "
        "files or a folder of them): all or nothing, entries with a known id are updated",
    )
    s.add_argument("file", type=Path)
    s.add_argument("--dry-run", action="store_true", help="check and count, store nothing")
    s.set_defaults(func=cmd_import_directory)
    s = sub.add_parser(
        "export-directory",
        parents=[common],
        help="the offer directory as HSDS JSON or CSV (a .zip, else a folder), the printable "
        "brochure (pdf) or static web pages (html, a folder)",
    )
    s.add_argument("--format", choices=["json", "csv", "html", "pdf"], required=True)
    s.add_argument("--out", required=True, help="file (json, pdf, csv .zip) or folder")
    s.add_argument(
        "--without-stale",
        action="store_true",
        help="brochure and web pages: leave out entries not verified within the period "
        "(default: shown and marked)",
    )
    s.set_defaults(func=cmd_export_directory)
    s = sub.add_parser("dedupe", help="judge which rows of a CSV of people are the same person")
    s.add_argument(
        "--csv",
        required=True,
        help="columns: id, given_names, family_name, birth_date, "
        "sex, nationality, birth_place, phone, abh_file_number, azr_number",
    )
    s.add_argument("--out", required=True, help="pairs: id_l, id_r, score, decision, reasons")
    s.add_argument(
        "--at-least",
        choices=["same", "review"],
        default="review",
        help="write only certain pairs (same) or also likely ones (review, default)",
    )
    s.set_defaults(func=cmd_dedupe)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return args.func(args)
    except (ValueError, SchemaTooNew) as exc:
        print(f"mia-sync-server: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
