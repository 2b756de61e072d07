// Keeps stdout for the command's own output. Libraries print to stdout when they meet odd input (the UCUM library
// logs a unit it cannot parse, pdf.js logs warnings about a damaged PDF), which broke `--json` output: from the moment
// the CLI starts, whatever else writes to stdout (console.log/info/debug, direct process.stdout.write) goes to stderr,
// and only out() reaches the real stdout.

type Write = typeof process.stdout.write

let realWrite: Write | undefined

/** Sends every later write to process.stdout, by anyone, to stderr; out() keeps the real stdout. Idempotent. */
export function guardStdout(): void {
  if (realWrite !== undefined) return
  realWrite = process.stdout.write.bind(process.stdout) as Write
  // console.log and friends write through process.stdout.write, so this covers them too.
  process.stdout.write = ((...args: Parameters<Write>) => process.stderr.write(...(args as Parameters<typeof process.stderr.write>))) as Write
}

/** The command's own output, on the real stdout. */
export function out(text: string): void {
  ;(realWrite ?? process.stdout.write.bind(process.stdout))(text)
}

guardStdout()
