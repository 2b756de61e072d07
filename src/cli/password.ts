// Reading passwords on the command line: from a terminal without echo, or from stdin for scripts.
import { CliError } from './common'

/** Asks on stderr and reads one line from the terminal without echoing it. */
export function readPasswordFromTty(prompt: string): Promise<string> {
  const stdin = process.stdin
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt)
    let value = ''
    const finish = (err?: Error) => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish()
        if (ch === '\u0003' || ch === '\u0004') return finish(new CliError('cancelled'))
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('')
        else value += ch
      }
    }
    stdin.setRawMode(true)
    stdin.setEncoding('utf8')
    stdin.on('data', onData)
    stdin.resume()
  })
}

/** A new password for --password-stdin: all of stdin less one final line break, or asked twice on a terminal. */
export async function readNewPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await readPasswordFromTty('New password: ')
    const again = await readPasswordFromTty('Again: ')
    if (first !== again) throw new CliError('the two passwords differ')
    return first
  }
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
  if (!text) throw new CliError('no password on stdin: pipe it in, e.g. printf %s "$NEW_PASSWORD" | readout users …')
  return text
}
