"""Change notifications: after a write, one signal says which record kind and client changed."""
from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    """Views connect to ``changed`` and refresh themselves when their data changed."""
    changed = Signal(str, str)   # kind ("client", "consultation", "task", ...), client id ("" = many)
    open_client = Signal(str)    # request to show a client file
