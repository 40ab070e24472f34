#!/bin/sh
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d): the documented production
# roles (docs/SECURITY.md, "Database roles"). primetime_owner owns the database and runs the migrations
# (DATABASE_MIGRATION_URL); primetime_runtime is the service's own login (DATABASE_URL): no superuser, owns nothing,
# NOINHERIT, so all it can do is switch to the roles the migrations create and grant it.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v owner_password="$PRIMETIME_OWNER_PASSWORD" -v runtime_password="$PRIMETIME_RUNTIME_PASSWORD" <<'SQL'
CREATE ROLE primetime_owner LOGIN NOSUPERUSER CREATEROLE PASSWORD :'owner_password';
CREATE ROLE primetime_runtime LOGIN NOSUPERUSER NOINHERIT PASSWORD :'runtime_password';
CREATE DATABASE primetime OWNER primetime_owner;
SQL
