// Migration 13: a draft's prompt as chat messages (JSON [{role: "system", content}, {role: "user", content}], the
// OpenAI / Hugging Face shape) beside the rendered prompt text the engine evaluated, so the training-data export can
// emit the very messages the model was prompted with. Drafts made before it have none (NULL): they were prompted with
// raw text, which `prompt` holds.
import type { Database } from 'better-sqlite3'

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE interpretations ADD COLUMN prompt_messages TEXT
      CHECK (prompt_messages IS NULL OR (json_valid(prompt_messages) AND json_type(prompt_messages) = 'array'
        AND json_array_length(prompt_messages) > 0 AND json_type(prompt_messages, '$[0].content') IS 'text'));
  `)
}
