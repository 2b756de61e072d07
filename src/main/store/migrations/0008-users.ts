// Migration 8: local user accounts with roles, scrypt password hashes (parameters kept per hash), lock-out state.
// Sessions are not stored: they live in the running process, so a restart signs everyone out.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      -- NOCASE: 'Alice' and 'alice' are one account, as people expect when they type their name.
      username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),
      display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
      kdf TEXT NOT NULL CHECK (kdf = 'scrypt'),
      kdf_n INTEGER NOT NULL CHECK (kdf_n >= 1024),
      kdf_r INTEGER NOT NULL CHECK (kdf_r >= 1),
      kdf_p INTEGER NOT NULL CHECK (kdf_p >= 1),
      password_salt BLOB NOT NULL CHECK (length(password_salt) >= 16),
      password_hash BLOB NOT NULL CHECK (length(password_hash) >= 32),
      password_changed_at TEXT NOT NULL,
      must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
      disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked_until TEXT,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE user_roles (
      user_id INTEGER NOT NULL REFERENCES users(id),
      role TEXT NOT NULL CHECK (role IN ('technician', 'clinician', 'ml', 'admin')),
      PRIMARY KEY (user_id, role)
    ) STRICT, WITHOUT ROWID;
  `)
}
