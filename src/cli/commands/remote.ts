// `readout models remote add|list|test|remove|use` and `readout models use --remote NAME`: remote inference servers from the command line.
import type { LlmConfig } from '../../shared/contract/models'
import type { ConnectionTest, RemoteBackend } from '../../shared/contract/remote'
import { call, CliError, openCliServices, out, parseCommandArgs, type CliSession } from '../common'
import { parseAdapterArg } from './adapterArg'

/** What the subcommands need from outside: a contract call, the standard input (for the key) and output. */
export interface RemoteCliIo {
  call<T>(method: string, input: unknown): Promise<T>
  readStdin(): Promise<string>
  out(text: string): void
}

export const REMOTE_USAGE =
  '       readout models remote add --name NAME --kind llama-server|vllm|azure-openai|openai --url URL --model NAME\n' +
  '                                 [--adapter-map ID=NAME]... [--ca-bundle PEM] [--allow-insecure-http] [--api-key-stdin]\n' +
  '       readout models remote list | test NAME [--adapter ID[:SCALE]]... | remove NAME\n' +
  '       readout models use --remote NAME [--adapter ID[:SCALE]]...   draft on a remote backend'

/** "3=cardiology-lora" → ["3", "cardiology-lora"] */
export function parseAdapterMapArg(arg: string): [string, string] {
  const at = arg.indexOf('=')
  const id = arg.slice(0, at)
  const name = arg.slice(at + 1)
  if (at < 1 || !/^\d+$/.test(id) || !name) throw new CliError(`--adapter-map takes ID=NAME (a registered adapter's id and its name on the server), got '${arg}'`)
  return [id, name]
}

function line(b: RemoteBackend, activeId: number | null): string {
  const map = Object.entries(b.adapterMap).map(([id, n]) => `${id}=${n}`).join(',')
  return (
    `${b.id === activeId ? '*' : ' '}${String(b.id).padStart(4)}  ${b.name.padEnd(20)} ${b.kind.padEnd(13)} ${b.baseUrl}  model ${b.model}` +
    `${map ? `  adapters ${map}` : ''}  key ${b.apiKey.stored ? `stored (${b.apiKey.hint})` : 'none'}${b.caBundlePath ? `  CA ${b.caBundlePath}` : ''}${b.allowInsecureHttp ? '  PLAIN HTTP allowed' : ''}`
  )
}

async function idOf(io: RemoteCliIo, nameOrId: string | undefined, usage: string): Promise<number> {
  if (!nameOrId) throw new CliError(`usage: ${usage}`)
  if (/^\d+$/.test(nameOrId)) return Number(nameOrId)
  const { backends } = await io.call<{ backends: RemoteBackend[] }>('remote.list', {})
  const found = backends.find((b) => b.name === nameOrId)
  if (!found) throw new CliError(`No remote backend named "${nameOrId}" ('readout models remote list' shows them).`)
  return found.id
}

function printTest(io: RemoteCliIo, t: ConnectionTest): void {
  for (const c of t.checks) io.out(`${c.ok ? 'ok  ' : 'FAIL'} ${c.check.padEnd(16)} ${c.message}\n`)
  if (t.serverModel || t.systemFingerprint) io.out(`server: model ${t.serverModel ?? '?'}${t.systemFingerprint ? `, fingerprint ${t.systemFingerprint}` : ''}\n`)
}

const OPTIONS = {
  name: { type: 'string' },
  kind: { type: 'string' },
  url: { type: 'string' },
  model: { type: 'string' },
  'adapter-map': { type: 'string', multiple: true },
  adapter: { type: 'string', multiple: true },
  'ca-bundle': { type: 'string' },
  'allow-insecure-http': { type: 'boolean', default: false },
  'api-key-stdin': { type: 'boolean', default: false },
} as const

/** The subcommands' outside world in the CLI: its contract call, the real standard input and output. */
export function remoteCliIo(cli: Pick<CliSession, 'dispatch' | 'ctx'>): RemoteCliIo {
  return {
    call: (method, input) => call(cli, method, input),
    async readStdin() {
      let text = ''
      for await (const chunk of process.stdin) text += String(chunk)
      return text
    },
    out: (text) => out(text),
  }
}

/** `readout models remote …` on the data folder's services. */
export async function runRemoteCli(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS, true)
  const cli = await openCliServices(values)
  try {
    return await runRemote(argv, remoteCliIo(cli))
  } finally {
    cli.services.close()
  }
}

/** Runs `models remote <sub> …` (argv starts after "remote"); returns the exit code. */
export async function runRemote(argv: string[], io: RemoteCliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    OPTIONS,
    true,
  )
  const [sub, arg] = positionals
  const json = (v: unknown) => io.out(JSON.stringify(v, null, 2) + '\n')
  if (sub === 'add') {
    if (!values.name || !values.kind || !values.url || !values.model) throw new CliError(`usage:\n${REMOTE_USAGE}`)
    const apiKey = values['api-key-stdin'] ? (await io.readStdin()).replace(/\r?\n$/, '') : null
    if (values['api-key-stdin'] && !apiKey) throw new CliError('--api-key-stdin was given but standard input was empty.')
    const backend = await io.call<RemoteBackend>('remote.add', {
      name: values.name,
      kind: values.kind,
      baseUrl: values.url,
      model: values.model,
      adapterMap: Object.fromEntries((values['adapter-map'] ?? []).map(parseAdapterMapArg)),
      caBundlePath: values['ca-bundle'] ?? null,
      allowInsecureHttp: values['allow-insecure-http'],
      apiKey,
    })
    if (values.json) json(backend)
    else io.out(`added remote backend ${backend.id}: ${backend.name} (${backend.kind}, ${backend.baseUrl})\nPatient data is sent to it only once it is made active: readout models use --remote ${backend.name}\n`)
    return 0
  }
  if (sub === 'list') {
    const r = await io.call<{ backends: RemoteBackend[]; activeId: number | null }>('remote.list', {})
    if (values.json) json(r)
    else if (r.backends.length === 0) io.out("No remote backends: 'readout models remote add' configures one.\n")
    else for (const b of r.backends) io.out(line(b, r.activeId) + '\n')
    return 0
  }
  if (sub === 'test') {
    const id = await idOf(io, arg, 'readout models remote test NAME [--adapter ID[:SCALE]]...')
    const t = await io.call<ConnectionTest>('remote.test', { id, adapters: (values.adapter ?? []).map(parseAdapterArg) })
    if (values.json) json(t)
    else printTest(io, t)
    return t.ok ? 0 : 1
  }
  if (sub === 'remove') {
    const id = await idOf(io, arg, 'readout models remote remove NAME')
    await io.call('remote.remove', { id })
    return 0
  }
  if (sub === 'use') return useRemote(io, arg, values.adapter ?? [], values.json)
  throw new CliError(`use 'readout models remote add', 'list', 'test NAME' or 'remove NAME'`)
}

/** `readout models use --remote NAME [--adapter ID[:SCALE]]...` */
export async function useRemote(io: RemoteCliIo, nameOrId: string | undefined, adapterArgs: string[], asJson: boolean): Promise<number> {
  const id = await idOf(io, nameOrId, 'readout models use --remote NAME [--adapter ID[:SCALE]]...')
  const config = await io.call<LlmConfig>('remote.use', { id, adapters: adapterArgs.map(parseAdapterArg) })
  if (asJson) io.out(JSON.stringify(config, null, 2) + '\n')
  else io.out(`active: remote backend ${config.remoteBackendId}${config.adapters.map((a) => `, adapter ${a.modelId} × ${a.scale}`).join('')} (drafts are sent to it)\n`)
  return 0
}
