"""Change notifications: after a write or a sync round, one signal says what changed.

Only the operation layer (``desktop.ui.ops``) emits ``changed``; views connect to it and
reload when the :class:`~desktop.store.changes.Changes` touch what they show.
"""

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    changed = Signal(object)  # desktop.store.changes.Changes
    open_client = Signal(str)  # request to show a client file
