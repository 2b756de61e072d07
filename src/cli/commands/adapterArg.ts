// The --adapter ID[:SCALE] argument shared by `readout models use` and the remote subcommands.
import { CliError } from '../common'

/** "3" or "3:0.5" → { modelId: 3, scale: 0.5 } */
export function parseAdapterArg(arg: string): { modelId: number; scale: number } {
  const [id, scale] = arg.split(':')
  const modelId = Number(id)
  const s = scale === undefined ? 1 : Number(scale)
  if (!Number.isInteger(modelId) || !Number.isFinite(s)) throw new CliError(`--adapter takes ID or ID:SCALE, got '${arg}'`)
  return { modelId, scale: s }
}
