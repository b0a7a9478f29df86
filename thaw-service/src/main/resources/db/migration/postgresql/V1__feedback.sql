-- Users, explicit ratings (one per user and item: the latest) and implicit events.
-- Times are epoch milliseconds (UTC), as in the SQLite schema, so both dialects share their queries.
CREATE TABLE users (
    id         TEXT   PRIMARY KEY,
    features   TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE ratings (
    user_id  TEXT             NOT NULL REFERENCES users (id),
    item_id  TEXT             NOT NULL,
    rating   DOUBLE PRECISION NOT NULL,
    rated_at BIGINT           NOT NULL,
    PRIMARY KEY (user_id, item_id)
);

CREATE TABLE events (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id TEXT   NOT NULL REFERENCES users (id),
    item_id TEXT   NOT NULL,
    type    TEXT   NOT NULL,
    at      BIGINT NOT NULL
);

CREATE INDEX events_by_user ON events (user_id);
