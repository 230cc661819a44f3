-- The shared job store: role and database "mcscale", the role's password read from a file.
-- Run by deploy/install.sh --role primary as the postgres user; safe to run again (it then only
-- sets the password from the file once more):
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -v pwfile=/etc/monte-carlo-platform/db-password -f create-database.sql
-- psql reads the file itself (the backquotes below), so the password is never on a command line.
\set pw `cat :'pwfile'`
SELECT 'CREATE ROLE mcscale LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mcscale') \gexec
ALTER ROLE mcscale WITH LOGIN PASSWORD :'pw';
\unset pw
SELECT 'CREATE DATABASE mcscale OWNER mcscale' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mcscale') \gexec
