-- Shared lists (SPEC §6). Every todo now lives in a list; a list has one
-- owner and any number of members. Every user gets a "My todos" list that
-- takes over the todos they already have: nothing is lost.

-- `seq` is the list's latest change number (SPEC §7): every change to the
-- list or its todos takes the next one, in the transaction that makes it.
CREATE TABLE lists (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    owner_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX lists_owner ON lists (owner_id);

-- Who may see a list. The owner is a member too (role 'owner'), so "may
-- this user see this list" is one lookup in this table.
CREATE TABLE list_members (
    list_id  TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    added_at TEXT NOT NULL,
    PRIMARY KEY (list_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX list_members_user ON list_members (user_id, list_id);

-- A random version-4 UUID per existing user, in SQLite's own terms.
INSERT INTO lists (id, name, owner_id, created_at, updated_at)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
       || substr(lower(hex(randomblob(2))), 2) || '-'
       || substr('89ab', 1 + abs(random() % 4), 1)
       || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       'My todos', id, created_at, created_at
FROM users;

INSERT INTO list_members (list_id, user_id, role, added_at)
SELECT id, owner_id, 'owner', created_at FROM lists;

-- Todos gain their list and a version (1 when created, +1 on every change).
-- `user_id` stays: the todo's creator. It no longer cascades: a todo someone
-- added to a shared list stays when its creator's account goes (the list's
-- own deletion takes its todos).
CREATE TABLE todos_with_lists (
    id          TEXT PRIMARY KEY NOT NULL,
    list_id     TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    completed   INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    priority    TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    due_date    TEXT,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

INSERT INTO todos_with_lists
    (id, list_id, user_id, title, description, completed, priority, due_date,
     version, created_at, updated_at)
SELECT t.id, l.id, t.user_id, t.title, t.description, t.completed, t.priority,
       t.due_date, 1, t.created_at, t.updated_at
FROM todos t JOIN lists l ON l.owner_id = t.user_id
-- Same-millisecond todos keep their order (reads break ties by rowid).
ORDER BY t.created_at, t.rowid;

DROP TABLE todos;
ALTER TABLE todos_with_lists RENAME TO todos;

-- Reads are "this list's todos, oldest first" (and a user's lists' todos).
CREATE INDEX todos_list_created ON todos (list_id, created_at);
