// An incremental server-sent-events reader: bytes arrive in arbitrary pieces, events come out whole.

/**
 * Feed it the response body's text as it arrives; it returns the `data` of each event completed so far (lines of one
 * event joined by "\n"). Comments (":" lines, which some proxies send as keep-alives), `event:`/`id:` fields and
 * CR, LF or CRLF line ends are handled as the SSE specification says.
 */
export class SseReader {
  private buffer = ''
  private data: string[] = []
  private pendingCr = false

  push(text: string): string[] {
    let chunk = text
    // A CRLF split across two pieces: the LF ends nothing new.
    if (this.pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1)
    this.pendingCr = chunk.endsWith('\r')
    this.buffer += chunk
    const events: string[] = []
    const lines = this.buffer.split(/\r\n|\r|\n/)
    this.buffer = lines.pop() ?? ''
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0) events.push(this.data.join('\n'))
        this.data = []
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(line.startsWith('data: ') ? 6 : 5))
      }
      // Other fields and comments carry nothing a completion needs.
    }
    return events
  }

  /** At the end of the body: an event not followed by a blank line still counts (llama-server ends some that way). */
  end(): string[] {
    const events = this.push('\n\n')
    this.buffer = ''
    return events
  }
}
