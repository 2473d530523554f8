"""Settings of the sync server, declared once: environment variables, overridden by the CLI.

Every setting has an environment variable (for systemd units and containers) and a default
that runs a pilot with no configuration at all. A test checks that each one is documented in
docs/sync-protocol.md.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_FILE = "mia-sync.sqlite"


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def normalise_url(url: str) -> str:
    """Make a relative SQLite path absolute (workers may start elsewhere) and pick psycopg 3."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        rest = url[len("sqlite:///") :]
        if rest and rest != ":memory:" and not rest.startswith(("file:", "?")):
            return _sqlite_url(Path(rest))
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        # SQLAlchemy would otherwise look for psycopg2, which is not installed.
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@dataclass(frozen=True)
class Setting:
    env: str
    help: str


@dataclass
class Settings:
    """The typed settings; ``ENV`` maps each field to its variable and a one-line help."""

    database_url: str = field(default_factory=lambda: _sqlite_url(Path(DEFAULT_DATABASE_FILE)))
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = 1
    max_body_bytes: int = 10 * 1024 * 1024
    page_size: int = 5000
    max_page_size: int = 20000
    max_page_bytes: int = 8 * 1024 * 1024
    change_cache_bytes: int = 32 * 1024 * 1024
    gzip_min_bytes: int = 1024
    gzip_level: int = 2
    zstd_level: int = 3
    db_pool_size: int = 10
    threads: int = 2
    check_duplicates: bool = True
    duplicate_check_quiet_s: float = 0.5
    auto_merge: bool = True
    login_max_failures: int = 5
    login_window_s: int = 300
    login_addr_max_failures: int = 30
    login_queue: int = 8
    login_refusal_delay_s: float = 2.0
    login_held: int = 256
    password_min_length: int = 12
    password_min_words: int = 0
    password_min_score: int = 3
    token_idle_days: int = 60
    api_docs: bool = False
    metrics_token: str = ""
    log_level: str = "info"
    access_policy: str = ""
    queue_rules: str = ""
    retention_hour: int = 2
    backup_dir: str = "backups"

    ENV = {
        "database_url": Setting(
            "MIA_DATABASE_URL",
            "SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
        ),
        "host": Setting("MIA_HOST", "address to listen on"),
        "port": Setting("MIA_PORT", "TCP port"),
        "workers": Setting("MIA_WORKERS", "uvicorn worker processes (PostgreSQL: several)"),
        "max_body_bytes": Setting("MIA_MAX_BODY_BYTES", "largest request body (after gzip)"),
        "page_size": Setting("MIA_PAGE_SIZE", "changes per pull page when the client asks none"),
        "max_page_size": Setting("MIA_MAX_PAGE_SIZE", "largest pull page a client may ask"),
        "max_page_bytes": Setting(
            "MIA_MAX_PAGE_BYTES",
            "a pull page ends once its changes hold this many bytes (at least one change per page)",
        ),
        "change_cache_bytes": Setting(
            "MIA_CHANGE_CACHE_BYTES",
            "JSON of the newest changes each process keeps for the next pulls (0: none)",
        ),
        "gzip_min_bytes": Setting(
            "MIA_GZIP_MIN_BYTES",
            "responses from this size are compressed (zstd, else gzip, as the client accepts)",
        ),
        "gzip_level": Setting("MIA_GZIP_LEVEL", "gzip level 1-9 (speed against size)"),
        "zstd_level": Setting("MIA_ZSTD_LEVEL", "zstd level 1-22 (speed against size)"),
        "db_pool_size": Setting("MIA_DB_POOL_SIZE", "database connections per process"),
        "check_duplicates": Setting(
            "MIA_CHECK_DUPLICATES", "check new and changed clients for duplicates (1/0)"
        ),
        "duplicate_check_quiet_s": Setting(
            "MIA_DUPLICATE_CHECK_QUIET_S",
            "the duplicate check of pushed clients runs once pushes have paused this long, "
            "seconds (at the latest 10 times as long after the first; 0: after each push)",
        ),
        "auto_merge": Setting("MIA_AUTO_MERGE", "merge certain duplicates without a person (1/0)"),
        "threads": Setting(
            "MIA_THREADS", "request threads per process (more only adds contention)"
        ),
        "login_max_failures": Setting(
            "MIA_LOGIN_MAX_FAILURES", "failed registrations per user before a pause"
        ),
        "login_window_s": Setting("MIA_LOGIN_WINDOW_S", "window of the failure count, seconds"),
        "login_addr_max_failures": Setting(
            "MIA_LOGIN_ADDR_MAX_FAILURES",
            "failed logins per client address (any user names) before a pause",
        ),
        "login_queue": Setting(
            "MIA_LOGIN_QUEUE",
            "logins waiting for a password check per "
            "process; more are answered 429 at once (sync never waits)",
        ),
        "login_refusal_delay_s": Setting(
            "MIA_LOGIN_REFUSAL_DELAY_S",
            "a refused login (429) is answered after this pause, seconds (0: at once)",
        ),
        "login_held": Setting(
            "MIA_LOGIN_HELD",
            "refused logins held in that pause per process; more are answered at once",
        ),
        "password_min_length": Setting("MIA_PASSWORD_MIN_LENGTH", "shortest password"),
        "password_min_words": Setting(
            "MIA_PASSWORD_MIN_WORDS", "passphrases: words a password needs (0: no such rule)"
        ),
        "password_min_score": Setting(
            "MIA_PASSWORD_MIN_SCORE", "zxcvbn strength 0-4 a password needs"
        ),
        "token_idle_days": Setting(
            "MIA_TOKEN_IDLE_DAYS",
            "a device token unused this many days expires (the laptop logs in again)",
        ),
        "api_docs": Setting("MIA_API_DOCS", "serve /docs and /openapi.json (1/0)"),
        "metrics_token": Setting(
            "MIA_METRICS_TOKEN", "bearer token for /metrics from other hosts (empty: loopback only)"
        ),
        "log_level": Setting("MIA_LOG_LEVEL", "debug, info, warning, error"),
        "retention_hour": Setting(
            "MIA_RETENTION_HOUR",
            "hour of day (server time) of the daily "
            "retention run; -1: never (run `retention` from cron)",
        ),
        "backup_dir": Setting(
            "MIA_BACKUP_DIR",
            "PostgreSQL: a backup is written here before "
            "a schema upgrade (empty: none; SQLite copies its file aside)",
        ),
        "access_policy": Setting(
            "MIA_ACCESS_POLICY",
            "access rules file (TOML); empty: the shipped resources/access/policy.toml",
        ),
        "queue_rules": Setting(
            "MIA_QUEUE_RULES",
            "walk-in queue rules (TOML: order, traffic light, routing); empty: the shipped "
            "resources/queue/rules.toml",
        ),
    }

    @property
    def password_rules(self):
        from casefile.passwords import Rules

        return Rules(self.password_min_length, self.password_min_words, self.password_min_score)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Defaults, then environment variables, then non-None *overrides* (the CLI)."""
        environ = os.environ if environ is None else environ
        values: dict = {}
        for f in dataclasses.fields(cls):
            setting = cls.ENV.get(f.name)
            raw = environ.get(setting.env) if setting else None
            if raw not in (None, ""):
                if f.type == "bool":
                    values[f.name] = raw.strip().lower() in ("1", "true", "yes", "ja", "on")
                else:
                    values[f.name] = (
                        int(raw) if f.type == "int" else float(raw) if f.type == "float" else raw
                    )
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.database_url = normalise_url(settings.database_url)
        return settings

    def to_environ(self) -> dict[str, str]:
        """The settings as environment variables (handed to uvicorn's worker processes)."""
        return {s.env: str(getattr(self, name)) for name, s in self.ENV.items()}
