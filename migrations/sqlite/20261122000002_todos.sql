-- Todos. The CHECK constraints repeat the validation of SPEC §1 as a last line
-- of defence: the service validates first, so hitting one of them is a bug.
-- Timestamps are stored in the wire format (RFC 3339, UTC, milliseconds, Z),
-- which also sorts correctly as text.
CREATE TABLE todos (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    completed   INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    priority    TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    due_date    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- Every read is "this user's todos, oldest first".
CREATE INDEX todos_user_created ON todos (user_id, created_at);
