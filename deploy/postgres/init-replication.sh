#!/bin/sh
# Runs once, when the primary's data folder is created (the postgres image runs the scripts of
# /docker-entrypoint-initdb.d): the role the replica copies and follows the primary with, its replication
# slot (the primary keeps the WAL the replica has not received yet), and the pg_hba line that lets it in.
# A slot whose replica is gone keeps WAL forever: drop it (SELECT pg_drop_replication_slot('replica')).
set -e
psql -v ON_ERROR_STOP=1 -v password="$POSTGRES_REPLICATION_PASSWORD" \
     --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot('replica');
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
