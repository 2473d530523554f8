"""Entry point of the frozen app (PyInstaller): the same as the ``mia-desk`` console script."""

import sys

from desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
