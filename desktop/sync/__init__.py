"""Sync of the local store with the central server (see docs/sync-protocol.md, "Desktop side").

``client`` owns all HTTP, ``engine`` pushes the outbox and pulls changes (no Qt), ``apply``
writes pulled pages into the store in bulk, ``state`` keeps the bookkeeping, ``credentials``
the device token, ``worker`` runs the engine on its own thread, ``embedded`` starts a local
demo server.
"""
