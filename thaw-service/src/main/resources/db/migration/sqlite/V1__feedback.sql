-- Users, explicit ratings (one per user and item: the latest) and implicit events.
-- Times are epoch milliseconds (UTC).
CREATE TABLE users (
    id         TEXT    PRIMARY KEY,
    features   TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE ratings (
    user_id  TEXT    NOT NULL REFERENCES users (id),
    item_id  TEXT    NOT NULL,
    rating   REAL    NOT NULL,
    rated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, item_id)
);

CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT    NOT NULL REFERENCES users (id),
    item_id TEXT    NOT NULL,
    type    TEXT    NOT NULL,
    at      INTEGER NOT NULL
);

CREATE INDEX events_by_user ON events (user_id);
