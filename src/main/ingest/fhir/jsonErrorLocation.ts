// Finds the line and column of the first JSON syntax error, which Node 20's JSON.parse does not report.

export interface JsonErrorLocation {
  /** 1-based line. */
  line: number
  /** 1-based column (UTF-16 code units). */
  column: number
  message: string
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message)
  }
}

/**
 * Scans `text` as strict JSON (RFC 8259) and returns where it first breaks, or undefined when it is
 * valid. Only called after JSON.parse failed, so speed matters less than a precise position.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let position: number
  let message: string
  try {
    new JsonScanner(text).scanDocument()
    return undefined
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      position = err.position
      message = err.message
    } else {
      // Pathologically deep nesting overflows the recursive scanner: report the end of input.
      position = text.length
      message = 'JSON nesting too deep'
    }
  }
  return { ...lineAndColumn(text, position), message }
}

export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: position - lineStart + 1 }
}

class JsonScanner {
  private pos = 0

  constructor(private readonly text: string) {}

  scanDocument(): void {
    this.skipWhitespace()
    this.scanValue()
    this.skipWhitespace()
    if (this.pos < this.text.length) this.fail(`unexpected ${this.describeHere()} after the JSON value`)
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.pos)
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return 'end of input'
    return `character '${this.text[this.pos]}'`
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos)
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++
      else break
    }
  }

  private scanValue(): void {
    const c = this.text[this.pos]
    if (c === '{') return this.scanObject()
    if (c === '[') return this.scanArray()
    if (c === '"') return this.scanString()
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.scanNumber()
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length
        return
      }
    }
    this.fail(`unexpected ${this.describeHere()}, expected a value`)
  }

  private scanObject(): void {
    this.pos++ // '{'
    this.skipWhitespace()
    if (this.text[this.pos] === '}') {
      this.pos++
      return
    }
    for (;;) {
      this.skipWhitespace()
      if (this.text[this.pos] !== '"') this.fail(`unexpected ${this.describeHere()}, expected a property name in double quotes`)
      this.scanString()
      this.skipWhitespace()
      if (this.text[this.pos] !== ':') this.fail(`unexpected ${this.describeHere()}, expected ':'`)
      this.pos++
      this.skipWhitespace()
      this.scanValue()
      if (this.closes('}')) return
    }
  }

  private scanArray(): void {
    this.pos++ // '['
    this.skipWhitespace()
    if (this.text[this.pos] === ']') {
      this.pos++
      return
    }
    for (;;) {
      this.skipWhitespace()
      this.scanValue()
      if (this.closes(']')) return
    }
  }

  /** After a member or element: ',' means another follows (false), the closing bracket ends the container (true). */
  private closes(close: '}' | ']'): boolean {
    this.skipWhitespace()
    const c = this.text[this.pos]
    if (c === ',' || c === close) {
      this.pos++
      return c === close
    }
    return this.fail(`unexpected ${this.describeHere()}, expected ',' or '${close}'`)
  }

  private scanString(): void {
    this.pos++ // opening quote
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos)
      if (c === 0x22) {
        this.pos++
        return
      }
      if (c < 0x20) this.fail('control character inside a string')
      if (c === 0x5c) {
        const next = this.text[this.pos + 1]
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.fail('invalid \\u escape')
          this.pos += 6
          continue
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) this.fail('invalid escape in string')
        this.pos += 2
        continue
      }
      this.pos++
    }
    this.fail('unterminated string')
  }

  private scanNumber(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400))
    if (!match || match[0] === '-') this.fail('invalid number')
    this.pos += match[0].length
  }
}
