"""``mia-sync-server``: the central sync server (issue 3 builds it; this is its command line)."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="mia-sync-server",
                                description="MiA Desk central sync server")
    p.add_subparsers(dest="command")
    args = p.parse_args(argv)
    print("mia-sync-server: the sync server is not built yet (see issue 3).", file=sys.stderr)
    return 0 if args.command is None else 2


if __name__ == "__main__":
    sys.exit(main())
