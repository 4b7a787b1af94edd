-- The roles of a tarkka team ledger (docs/team.md). Run as an
-- administrator who may create roles (the ledger's owner may not), in the
-- ledger's database, after `tarkka init --ledger`, stopping at the first
-- error:
--
--   psql -v ON_ERROR_STOP=1 -d DB -f contrib/postgres/roles.sql
--
-- Then give each auditor a login role in the group:
--
--   CREATE ROLE aino LOGIN PASSWORD '…' IN ROLE tarkka_auditor;   -- the password in ~/.pgpass on aino's machine
--
-- Auditors may read entries and add new ones; they can never change or
-- remove one. The owner can (it owns the table and its triggers), which
-- is why `tarkka verify` and checkpoints are the last word, not these
-- grants.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tarkka_auditor') THEN
        CREATE ROLE tarkka_auditor NOLOGIN;
    END IF;
END
$$;

REVOKE ALL ON TABLE tarkka_ledger FROM PUBLIC;
REVOKE ALL ON TABLE tarkka_ledger FROM tarkka_auditor;
GRANT SELECT, INSERT ON TABLE tarkka_ledger TO tarkka_auditor;
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO tarkka_auditor', current_database());
END
$$;
