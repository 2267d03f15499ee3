-- The change log (SPEC §7): every change to a list, written in the
-- transaction that makes it, under the number (`seq`) it took from the
-- list. `payload` is the event's first argument as JSON (the todo after the
-- change, `{id}` for a deletion, the list or the member); `before` the todo
-- as it was, for updates and deletions. Clients resume from it (`sync`),
-- the page's Recent changes read it, and undo restores `before`. A list's
-- log goes with the list.
CREATE TABLE changes (
    list_id    TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    event      TEXT NOT NULL,
    payload    TEXT NOT NULL,
    before     TEXT,
    actor_id   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    op_id      TEXT,
    at         TEXT NOT NULL,
    PRIMARY KEY (list_id, seq)
) STRICT, WITHOUT ROWID;
