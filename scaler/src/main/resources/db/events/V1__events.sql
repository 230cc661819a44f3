-- The event store as the scaler created it before it had migrations, statement for statement: an
-- events.db from then is adopted as this version (Flyway baseline) and keeps every row.
-- Times are epoch milliseconds; reasons and inputs are JSON text.
CREATE TABLE decisions (id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL, outcome TEXT NOT NULL, reasons TEXT NOT NULL, inputs TEXT NOT NULL);
CREATE TABLE actions (id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL, machine_id TEXT NOT NULL, started_ms INTEGER NOT NULL,
    ended_ms INTEGER, result TEXT, detail TEXT);
CREATE TABLE instance_states (id INTEGER PRIMARY KEY AUTOINCREMENT,
    machine_id TEXT NOT NULL, at_ms INTEGER NOT NULL, state TEXT NOT NULL);
CREATE INDEX instance_states_by_machine ON instance_states (machine_id, at_ms);
