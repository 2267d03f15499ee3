-- LiveTodo on PostgreSQL (issue 10): the schema the SQLite migrations
-- arrive at, in one step (a PostgreSQL database has no older history to
-- carry), with PostgreSQL's own types: uuid, timestamptz, boolean. What a
-- client sees is the same: the store turns these into the same wire format.

-- Accounts. Usernames and emails are unique regardless of case (SPEC §1);
-- the unique indexes carry the names `server/db` maps back to the field.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    username      text NOT NULL,
    email         text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Log-in sessions; `expires_at` is absolute (see the SQLite migration).
CREATE TABLE sessions (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);

CREATE INDEX sessions_user ON sessions (user_id);

-- Shared lists (SPEC §6). `seq` is the list's latest change number (SPEC
-- §7): a change takes the next one with `UPDATE lists SET seq = seq + n …
-- RETURNING`, whose row lock orders concurrent writers, from any instance,
-- in commit order.
CREATE TABLE lists (
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    owner_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seq        bigint NOT NULL DEFAULT 0 CHECK (seq >= 0),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX lists_owner ON lists (owner_id);

CREATE TABLE list_members (
    list_id  uuid NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     text NOT NULL CHECK (role IN ('owner', 'member')),
    added_at timestamptz NOT NULL,
    PRIMARY KEY (list_id, user_id)
);

CREATE INDEX list_members_user ON list_members (user_id, list_id);

-- Todos, in their list. `user_id` is the creator and does not cascade (a
-- todo added to a shared list stays when its creator's account goes).
-- `ord` is the insertion order, what SQLite's rowid is there: it breaks
-- ties between todos made in the same millisecond, in reads and cursors.
CREATE TABLE todos (
    id          uuid PRIMARY KEY,
    ord         bigint GENERATED ALWAYS AS IDENTITY,
    list_id     uuid NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL,
    title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    completed   boolean NOT NULL DEFAULT false,
    priority    text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    due_date    timestamptz,
    version     bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX todos_list_created ON todos (list_id, created_at, ord);

-- The change log (SPEC §7). `payload` and `before` are `json`, not
-- `jsonb`: `json` keeps the text exactly as written, so a replay sends
-- the very bytes the live event carried.
CREATE TABLE changes (
    list_id    uuid NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    seq        bigint NOT NULL,
    event      text NOT NULL,
    payload    json NOT NULL,
    before     json,
    actor_id   uuid NOT NULL,
    actor_name text NOT NULL,
    op_id      uuid,
    at         timestamptz NOT NULL,
    PRIMARY KEY (list_id, seq)
);
