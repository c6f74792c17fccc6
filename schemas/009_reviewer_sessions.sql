-- reconcile schema, version 9: dashboard sessions that signing out ends.
--
-- The session cookie is encrypted and authenticated, so it cannot be forged, but a copy of it
-- (a shared machine, a proxy log) stays valid until it expires. Each sign-in now records its
-- session here, and a cookie acts only while its row exists: signing out deletes the row, in
-- every server process at once. The id is stored hashed, so reading this table gives no one a
-- session.
CREATE TABLE reviewer_sessions (
    id_hash    bytea       PRIMARY KEY,
    reviewer   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX reviewer_sessions_expires ON reviewer_sessions (expires_at);
