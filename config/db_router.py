"""The database router: reads made inside core.replica.reading_from_replica() go to the `replica` database
when DATABASE_REPLICA_URL configured one and it answers in time; every write, every other read and every
migration go to `default`. Without a replica nothing changes."""

from core import replica

DEFAULT, REPLICA = "default", replica.REPLICA


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if replica.is_reading_from_replica():
            return REPLICA
        # Explicit, so that an object read from the replica does not pull its relations from it later.
        return DEFAULT

    def db_for_write(self, model, **hints):
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints):
        # One database seen through two connections: rows from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A streaming replica is read-only: it receives the schema from the primary.
        return db != REPLICA
