-- Log-in sessions, kept on the server so that a session can end before its
-- token does (log-out, "log out everywhere", a password change, a deleted
-- account). Every token names its session in the `sid` claim; a token whose
-- session is missing, revoked or past `expires_at` is refused.
--
-- `expires_at` is absolute: renewing the cookie never moves it, so a stolen
-- or forgotten session ends after SESSION_MAX_AGE_SECS whatever happens.
-- Tokens issued before this migration name no stored session and stop working:
-- their users log in once more.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);
