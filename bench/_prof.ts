import { NodeLlamaBackend } from '../src/main/llm/engine/nodeLlama'
const model = '/work/main/.cache/test-models/readout-test-bench-f16.gguf'
async function main() {
  const b = new NodeLlamaBackend()
  await b.configure({ basePath: model, adapters: [], threads: 2, gpuLayers: 'auto', sequences: Number(process.env.SEQ ?? 1), contextSize: 2048 })
  const ctx = (b as any).context._ctx
  let dec = 0, samp = 0, nd = 0, ns = 0
  const d = ctx.decodeBatch, s = ctx.sampleToken
  Object.defineProperty(ctx, 'decodeBatch', { value: () => { const t = performance.now(); return d.call(ctx).then(() => { dec += performance.now() - t; nd++ }) } })
  Object.defineProperty(ctx, 'sampleToken', { value: (...a: any[]) => { const t = performance.now(); return s.apply(ctx, a).then((r: any) => { samp += performance.now() - t; ns++; return r }) } })
  const never = new AbortController().signal
  for (let i = 0; i < 6; i++) {
    dec = samp = nd = ns = 0
    const t0 = performance.now()
    const n = Number(process.env.SEQ ?? 1)
    const gs = await Promise.all(Array.from({ length: n }, (_, k) => b.generate({ prompt: `Round ${i}, report ${k}: potassium ${4 + k} mmol/L.`, temperature: 0, seed: k, maxTokens: 128, signal: never })))
    const g = { tokensPerSecond: (gs.reduce((a, r) => a + r.outputTokens, 0) * 1000) / (performance.now() - t0) }
    const wall = performance.now() - t0
    console.log(`${g.tokensPerSecond.toFixed(1)} tok/s; per step: wall ${(wall / nd).toFixed(2)} decode ${(dec / nd).toFixed(2)} sample ${(samp / ns).toFixed(3)} other ${((wall - dec - samp) / nd).toFixed(2)} ms (${nd} decodes)`)
  }
  await b.dispose()
}
main()
