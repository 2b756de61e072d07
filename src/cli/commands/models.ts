// `readout models add|list|use|remove|status`: the model registry from the command line.
import type { LlmConfig, Model } from '../../shared/contract/models'
import { call, CliError, openCliServices, parseCommandArgs, printJson, out, type Command } from '../common'
import { parseAdapterArg } from './adapterArg'
import { REMOTE_USAGE, remoteCliIo, runRemoteCli, useRemote } from './remote'

export { parseAdapterArg }

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`
const params = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} B` : `${(n / 1e6).toFixed(1)} M`)

const FILE_PROBLEM = { missing: 'file not found', changed: 'file changed since it was added: not loaded', unverified: 'file modified: checked at the next load' } as const

function modelLine(m: Model, config: LlmConfig): string {
  const active = config.baseModelId === m.id || config.adapters.some((a) => a.modelId === m.id) ? '*' : ' '
  const scale = config.adapters.find((a) => a.modelId === m.id)?.scale
  return (
    `${active}${String(m.id).padStart(4)}  ${m.kind.padEnd(7)} ${m.name.slice(0, 32).padEnd(32)} ${m.architecture.padEnd(8)} ${params(m.parameterCount).padStart(9)} ` +
    `${m.quantisation.padEnd(12)} ${gb(m.size).padStart(10)}  ${m.sha256.slice(0, 12)}${scale !== undefined ? `  scale ${scale}` : ''}${m.incompatibility ? `  (does not fit: ${m.incompatibility})` : ''}` +
    (m.fileProblem ? `  [${FILE_PROBLEM[m.fileProblem]}]` : '')
  )
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'Register GGUF base models and LoRA adapters, and choose the active ones',
  usage:
    'readout models add PATH [--json]                     register a base model or adapter (detected from the file)\n' +
    '       readout models list [--json]                         registered models; * marks the active configuration\n' +
    '       readout models use BASE_ID [--adapter ID[:SCALE]]... choose the base model and adapters (scale default 1)\n' +
    '       readout models remove ID [--json]                    forget a model (the file stays)\n' +
    '       readout models configure [--threads N|auto] [--gpu-layers N|auto] [--parallelism N] [--temperature X]\n' +
    '                                [--seed N] [--max-tokens N] [--timeout SECONDS]\n' +
    REMOTE_USAGE,
  async run(argv) {
    if (argv[0] === 'remote') return runRemoteCli(argv.slice(1))
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        adapter: { type: 'string', multiple: true },
        threads: { type: 'string' },
        'gpu-layers': { type: 'string' },
        parallelism: { type: 'string' },
        temperature: { type: 'string' },
        seed: { type: 'string' },
        'max-tokens': { type: 'string' },
        timeout: { type: 'string' },
        remote: { type: 'string' },
      },
      true,
    )
    const [sub, arg] = positionals
    const cli = await openCliServices(values)
    const { services } = cli
    try {
      if (sub === 'add') {
        if (!arg) throw new CliError('usage: readout models add PATH')
        const m = await call<Model>(cli, 'models.add', { path: arg })
        if (values.json) printJson(m)
        else out(`added ${m.kind} ${m.id}: ${m.name} (${m.architecture}, ${params(m.parameterCount)} parameters, ${m.quantisation}, sha256 ${m.sha256.slice(0, 12)})\n`)
        return 0
      }
      if (sub === 'list') {
        const r = await call<{ models: Model[]; config: LlmConfig }>(cli, 'models.list', {})
        if (values.json) printJson(r)
        else {
          if (r.models.length === 0) out("No models yet: 'readout models add PATH' registers a GGUF file.\n")
          for (const m of r.models) out(modelLine(m, r.config) + '\n')
        }
        return 0
      }
      if (sub === 'use' && values.remote !== undefined) return await useRemote(remoteCliIo(cli), values.remote, values.adapter ?? [], values.json)
      if (sub === 'use') {
        const baseModelId = Number(arg)
        if (!Number.isInteger(baseModelId)) throw new CliError('usage: readout models use BASE_ID [--adapter ID[:SCALE]]...')
        const adapters = (values.adapter ?? []).map(parseAdapterArg)
        const config = await call<LlmConfig>(cli, 'models.use', { baseModelId, adapters })
        if (values.json) printJson(config)
        else out(`active: base ${config.baseModelId}${config.adapters.map((a) => `, adapter ${a.modelId} × ${a.scale}`).join('')}\n`)
        return 0
      }
      if (sub === 'configure') {
        const number = (v: string | undefined) => (v === undefined ? undefined : Number(v))
        const auto = (v: string | undefined) => (v === undefined ? undefined : v === 'auto' ? null : Number(v))
        const input = Object.fromEntries(
          Object.entries({
            threads: auto(values.threads),
            gpuLayers: auto(values['gpu-layers']),
            parallelism: number(values.parallelism),
            temperature: number(values.temperature),
            seed: number(values.seed),
            maxTokens: number(values['max-tokens']),
            timeoutS: number(values.timeout),
          }).filter(([, v]) => v !== undefined),
        )
        const config = await call<LlmConfig>(cli, 'models.configure', input)
        if (values.json) printJson(config)
        else
          out(
            `threads ${config.threads ?? 'auto'}, GPU layers ${config.gpuLayers ?? 'auto'}, ${config.parallelism} in parallel, temperature ${config.temperature}, seed ${config.seed}, max ${config.maxTokens} tokens, timeout ${config.timeoutS} s\n`,
          )
        return 0
      }
      if (sub === 'remove') {
        const id = Number(arg)
        await call(cli, 'models.remove', { id })
        if (values.json) printJson({ removed: id })
        else out(`removed model ${id}
`)
        return 0
      }
      throw new CliError("use 'readout models add PATH', 'list', 'use BASE_ID', 'configure' or 'remove ID'")
    } finally {
      services.close()
    }
  },
}

