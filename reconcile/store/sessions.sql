-- name: session_start
-- Record a reviewer's new session (its id hashed) until it expires.
INSERT INTO reviewer_sessions (id_hash, reviewer, expires_at)
VALUES (%(id_hash)s, %(reviewer)s, now() + make_interval(secs => %(seconds)s));

-- name: session_reviewer
-- Who a session belongs to, while it is neither ended nor expired.
SELECT reviewer FROM reviewer_sessions
WHERE id_hash = %(id_hash)s AND expires_at > now();

-- name: session_end
-- End a session: its cookie no longer acts, wherever it is replayed.
DELETE FROM reviewer_sessions WHERE id_hash = %(id_hash)s;

-- name: sessions_expired_delete
-- Forget the sessions that expired; run at each sign-in, so the table holds live ones only.
DELETE FROM reviewer_sessions WHERE expires_at <= now();
