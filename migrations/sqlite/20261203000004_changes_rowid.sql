-- The change log as an ordinary (rowid) table with its (list_id, seq) key
-- as a unique index. As a WITHOUT ROWID table, every change inserted its
-- whole row (the todo after and before, as JSON: several hundred bytes)
-- into the middle of a B-tree ordered by list, so a batch of changes to
-- many lists dirtied many wide pages, and each fsync wrote them all. Now
-- the rows are appended at the table's end and only the small index entry
-- goes in list order. Same columns, same rows.
CREATE TABLE changes_new (
    list_id    TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    event      TEXT NOT NULL,
    payload    TEXT NOT NULL,
    before     TEXT,
    actor_id   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    op_id      TEXT,
    at         TEXT NOT NULL
) STRICT;

INSERT INTO changes_new (list_id, seq, event, payload, before, actor_id, actor_name, op_id, at)
SELECT list_id, seq, event, payload, before, actor_id, actor_name, op_id, at
FROM changes
ORDER BY list_id, seq;

DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;

CREATE UNIQUE INDEX changes_list_seq ON changes (list_id, seq);
