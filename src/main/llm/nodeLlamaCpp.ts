// Loads node-llama-cpp on first use. It is an ES module and our main bundle is CommonJS, so it must come in
// through a dynamic import; doing it lazily also keeps start-up fast when no model is used.
type NodeLlamaCpp = typeof import('node-llama-cpp')

let loading: Promise<NodeLlamaCpp> | null = null

export function nodeLlamaCpp(): Promise<NodeLlamaCpp> {
  loading ??= import('node-llama-cpp')
  return loading
}
