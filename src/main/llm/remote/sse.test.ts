// The SSE reader on pieces split at every awkward place.
import { describe, expect, it } from 'vitest'
import { SseReader } from './sse'

function readAll(pieces: string[]): string[] {
  const r = new SseReader()
  return [...pieces.flatMap((p) => r.push(p)), ...r.end()]
}

describe('SseReader', () => {
  it.each([
    ['one piece', ['data: {"a":1}\n\ndata: [DONE]\n\n'], ['{"a":1}', '[DONE]']],
    ['split inside a line', ['data: {"a', '":1}\n', '\n'], ['{"a":1}']],
    ['CRLF split across pieces', ['data: x\r', '\n\r\n'], ['x']],
    ['bare CR line ends', ['data: x\r\rdata: y\r\r'], ['x', 'y']],
    ['comments and other fields ignored', [': keep-alive\n\nevent: message\nid: 3\ndata: z\n\n'], ['z']],
    ['multi-line data joined with \\n', ['data: a\ndata: b\n\n'], ['a\nb']],
    ['no space after the colon', ['data:{"b":2}\n\n'], ['{"b":2}']],
    ['last event without a blank line', ['data: tail\n'], ['tail']],
  ])('%s', (_name, pieces, expected) => {
    expect(readAll(pieces)).toEqual(expected)
  })
})
