-- Who may sign in to the console. A collector is bound to the dunning collector whose queue they work.
CREATE TABLE users (
  username text PRIMARY KEY CHECK (username ~ '^[a-z0-9._-]{1,64}$'),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('collector', 'ops', 'admin')),
  collector_id text,
  locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'zh-CN')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'collector') = (collector_id IS NOT NULL))
);

-- A signed-in browser. Only the SHA-256 of the cookie's token is stored, so a copy of this table
-- signs nobody in; the CSRF token every form carries belongs to the session.
CREATE TABLE sessions (
  token_sha256 text PRIMARY KEY,
  username text NOT NULL REFERENCES users ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- What users did through the console (and the notes they left), newest read first.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  username text NOT NULL,
  action text NOT NULL,
  customer_id text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_customer ON audit_log (customer_id, id DESC);
