"""Child process of bench.startup: start the app, report readiness, open client files, report RSS."""

from __future__ import annotations

import sys
import time


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import psutil  # not Linux: fall back to psutil

    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    store, n_open = sys.argv[1], int(sys.argv[2])
    # The store is encrypted like the app's: the password is "typed" at once, so the start
    # includes unlocking the key (Argon2id) and opening SQLCipher.
    from bench.common import BENCH_KEY, BENCH_PASSWORD
    from desktop.store.keys import KeyFile
    from desktop.ui.unlock import UnlockDialog

    kf = KeyFile.for_store(store)
    if not kf.exists():
        kf.create("a.schneider", BENCH_PASSWORD, BENCH_KEY)
    UnlockDialog.exec = lambda self: bool(
        setattr(self, "key", self.keyfile.unlock(BENCH_PASSWORD)) or True
    )
    from desktop.app import parse_args, start

    app, window, ctx = start(parse_args(["--store", store, "--user", "a.schneider"]))
    from PySide6.QtCore import QTimer

    def ready() -> None:
        try:
            measure()
        except BaseException:  # the app's crash handler would keep the process waiting
            import os
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
            os._exit(2)

    def measure() -> None:
        # The event loop turned with the window shown: it is interactive now.
        print(f"READY_AT {time.time():.4f}", flush=True)
        ids = [c.id for c in ctx.store.recent_clients(n_open)]
        for cid in ids:
            window.open_client(cid)
            deadline = time.time() + 10
            while ctx.ops.pending and time.time() < deadline:
                app.processEvents()  # the probe, not the app, waits for each file to load
                time.sleep(0.005)
        print(f"OPENED {window.open_client_count()}", flush=True)
        print(f"RSS_MB {rss_mb():.1f}", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, ready)
    app.exec()
    ctx.ops.wait(5000)


if __name__ == "__main__":
    main()
