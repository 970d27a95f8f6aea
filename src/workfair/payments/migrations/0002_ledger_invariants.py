"""The ledger's invariants in the database itself, on PostgreSQL (a no-op on SQLite, where
`ledger.post` is the one way to write and checks the same):

- a deferred constraint trigger: at commit, every journal entry that got lines sums to zero per
  currency, and each line is in its account's currency;
- journal entries and lines are append-only: UPDATE and DELETE are refused.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION payments_check_entry_balanced() RETURNS trigger AS $$
DECLARE
    unbalanced record;
BEGIN
    SELECT currency, SUM(amount) AS total INTO unbalanced
      FROM payments_journalline WHERE entry_id = NEW.entry_id
     GROUP BY currency HAVING SUM(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance: % %', NEW.entry_id, unbalanced.total, unbalanced.currency
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM payments_account a WHERE a.id = NEW.account_id AND a.currency <> NEW.currency) THEN
        RAISE EXCEPTION 'journal line % is not in its account''s currency', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER payments_entry_balanced
    AFTER INSERT ON payments_journalline
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION payments_check_entry_balanced();

CREATE OR REPLACE FUNCTION payments_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only (%)', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER payments_journalline_append_only BEFORE UPDATE OR DELETE ON payments_journalline
    FOR EACH ROW EXECUTE FUNCTION payments_refuse_change();
CREATE TRIGGER payments_journalentry_append_only BEFORE UPDATE OR DELETE ON payments_journalentry
    FOR EACH ROW EXECUTE FUNCTION payments_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS payments_journalentry_append_only ON payments_journalentry;
DROP TRIGGER IF EXISTS payments_journalline_append_only ON payments_journalline;
DROP FUNCTION IF EXISTS payments_refuse_change();
DROP TRIGGER IF EXISTS payments_entry_balanced ON payments_journalline;
DROP FUNCTION IF EXISTS payments_check_entry_balanced();
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
