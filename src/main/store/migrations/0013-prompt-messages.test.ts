// Migration 13: interpretations gain prompt_messages; drafts from before keep NULL, and only a JSON list of messages goes in.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../db'
import { MIGRATIONS } from './index'

// Found by name: the coordinator may renumber it when branches merge.
const at = MIGRATIONS.findIndex((m) => m.name === 'prompt-messages')

function insertDraft(db: Database.Database, id: number, extra: { prompt_messages?: string | null } = {}) {
  const columns = ['id', 'report_id', 'created_at', 'draft', 'raw_output', 'prompt', 'provenance', 'evidence_check', 'standing', ...Object.keys(extra)]
  db.prepare(`INSERT INTO interpretations (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
    id,
    1,
    'x',
    '{}',
    '{}',
    'raw prompt text',
    '{}',
    '{}',
    'verified',
    ...Object.values(extra),
  )
}

describe('migration 0013-prompt-messages', () => {
  it('keeps older drafts with no messages and stores a system and a user message', () => {
    expect(at).toBeGreaterThan(0)
    const db = new Database(':memory:')
    // Only the interpretations table matters here, not the report it belongs to.
    db.pragma('foreign_keys = OFF')
    migrate(db, MIGRATIONS.slice(0, at))
    insertDraft(db, 1)
    migrate(db, MIGRATIONS.slice(0, at + 1))
    expect(db.prepare('SELECT prompt, prompt_messages FROM interpretations WHERE id = 1').get()).toEqual({ prompt: 'raw prompt text', prompt_messages: null })

    const messages = [
      { role: 'system', content: 'Rules.' },
      { role: 'user', content: 'REPORT\nKind: lab' },
    ]
    insertDraft(db, 2, { prompt_messages: JSON.stringify(messages) })
    expect(db.prepare("SELECT json_extract(prompt_messages, '$[1].content') FROM interpretations WHERE id = 2").pluck().get()).toBe('REPORT\nKind: lab')
    expect(() => insertDraft(db, 3, { prompt_messages: 'not json' })).toThrow(/CHECK/)
    expect(() => insertDraft(db, 4, { prompt_messages: JSON.stringify({ system: 'Rules.', user: 'x' }) })).toThrow(/CHECK/)
    expect(() => insertDraft(db, 5, { prompt_messages: '[]' })).toThrow(/CHECK/)
    expect(() => insertDraft(db, 6, { prompt_messages: JSON.stringify([{ role: 'system', content: 7 }]) })).toThrow(/CHECK/)
  })
})
