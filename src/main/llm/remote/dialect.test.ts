// The servers' dialects against recorded examples from their documentation (vLLM, Azure OpenAI), which cannot run
// here; llama-server's dialect is also exercised against the real server in test/integration/remote.test.ts.
import { describe, expect, it } from 'vitest'
import { interpretationJsonSchema } from '../../../shared/domain/interpretation'
import { buildRequest, parseCompletion, SCHEMA_NAME, StreamCollector } from './dialect'
import { strictCompatibleSchema, withAllRequired } from './schemas'
import { SseReader } from './sse'

const base = { prompt: 'REPORT TEXT', schema: interpretationJsonSchema, temperature: 0, seed: 42, maxTokens: 512, model: 'm' }

function collect(kind: Parameters<typeof buildRequest>[0], sse: string) {
  const reader = new SseReader()
  const c = new StreamCollector(kind)
  const pieces = [...reader.push(sse), ...reader.end()].map((d) => c.push(d))
  return { pieces, result: c.result(), finished: c.finished }
}

describe('llama-server (/completion)', () => {
  it('sends the exact prompt text, the schema with every key required, adapters, seed and sampling', () => {
    const { path, body } = buildRequest('llama-server', { ...base, stream: true, lora: [{ id: 0, scale: 1 }, { id: 1, scale: 0 }] })
    expect(path).toBe('completion')
    expect(body).toEqual({
      prompt: 'REPORT TEXT',
      json_schema: withAllRequired(interpretationJsonSchema),
      n_predict: 512,
      temperature: 0,
      seed: 42,
      stream: true,
      cache_prompt: true,
      lora: [{ id: 0, scale: 1 }, { id: 1, scale: 0 }],
    })
  })

  it('reads a streamed answer: pieces, then the final event with stop_type, counts and timings', () => {
    const sse =
      'data: {"index":0,"content":"{\\"sum","tokens":[1],"stop":false,"id_slot":0,"tokens_predicted":1,"tokens_evaluated":40}\n\n' +
      'data: {"index":0,"content":"mary\\"","tokens":[2],"stop":false,"id_slot":0,"tokens_predicted":2,"tokens_evaluated":40}\n\n' +
      'data: {"index":0,"content":"","tokens":[],"id_slot":0,"stop":true,"model":"base.gguf","tokens_predicted":2,"tokens_evaluated":40,' +
      '"stop_type":"limit","stopping_word":"","tokens_cached":41,"timings":{"cache_n":30,"prompt_n":10,"prompt_ms":12.5,"predicted_n":2,"predicted_ms":7.5,"predicted_per_second":266.6}}\n\n'
    const { pieces, result, finished } = collect('llama-server', sse)
    expect(pieces).toEqual(['{"sum', 'mary"', ''])
    expect(finished).toBe(true)
    expect(result).toEqual({
      text: '{"summary"',
      stopReason: 'maxTokens',
      promptTokens: 40,
      cachedPromptTokens: 30,
      outputTokens: 2,
      serverModel: 'base.gguf',
      systemFingerprint: null,
      serverMs: 20,
      serverTokensPerSecond: 266.6,
    })
  })
})

describe('vLLM (recorded examples from its documentation)', () => {
  it('addresses the LoRA module by model and sends response_format json_schema (docs: Structured Outputs, "json_schema" example)', () => {
    const { path, body } = buildRequest('vllm', { ...base, model: 'cardiology-lora', stream: false })
    expect(path).toBe('chat/completions')
    expect(body).toEqual({
      model: 'cardiology-lora',
      messages: [{ role: 'user', content: 'REPORT TEXT' }],
      response_format: { type: 'json_schema', json_schema: { name: SCHEMA_NAME, strict: true, schema: withAllRequired(interpretationJsonSchema) } },
      temperature: 0,
      seed: 42,
      max_tokens: 512,
      stream: false,
    })
  })

  it('sends chat messages as given when the prompt comes as messages', () => {
    const messages = [
      { role: 'system' as const, content: 'INSTRUCTIONS' },
      { role: 'user' as const, content: 'REPORT' },
    ]
    expect(buildRequest('vllm', { ...base, messages, stream: false }).body.messages).toEqual(messages)
  })

  it('parses a chat completion with vLLM\'s extra fields (docs: OpenAI-Compatible Server, ChatCompletionResponse)', () => {
    const recorded = {
      id: 'chatcmpl-b1b2c3',
      object: 'chat.completion',
      created: 1735000000,
      model: 'cardiology-lora',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', reasoning_content: null, content: '{"name": "Car"}', tool_calls: [] },
          logprobs: null,
          finish_reason: 'stop',
          stop_reason: null,
        },
      ],
      usage: { prompt_tokens: 42, total_tokens: 50, completion_tokens: 8, prompt_tokens_details: null },
      prompt_logprobs: null,
      kv_transfer_params: null,
    }
    expect(parseCompletion('vllm', recorded)).toMatchObject({
      text: '{"name": "Car"}',
      stopReason: 'eogToken',
      promptTokens: 42,
      cachedPromptTokens: null,
      outputTokens: 8,
      serverModel: 'cardiology-lora',
      systemFingerprint: null,
    })
  })

  it('reads a stream whose usage comes in a last event with empty choices (stream_options.include_usage)', () => {
    const sse =
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"cardiology-lora","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n' +
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"cardiology-lora","choices":[{"index":0,"delta":{"content":"{\\"a\\""},"logprobs":null,"finish_reason":null}]}\n\n' +
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"cardiology-lora","choices":[{"index":0,"delta":{"content":":1}"},"logprobs":null,"finish_reason":"length","stop_reason":null}]}\n\n' +
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"cardiology-lora","choices":[],"usage":{"prompt_tokens":42,"total_tokens":46,"completion_tokens":4}}\n\n' +
      'data: [DONE]\n\n'
    const { result, finished } = collect('vllm', sse)
    expect(finished).toBe(true)
    expect(result).toMatchObject({ text: '{"a":1}', stopReason: 'maxTokens', promptTokens: 42, outputTokens: 4, serverModel: 'cardiology-lora' })
  })
})

describe('Azure OpenAI / AI Foundry (recorded examples from its documentation)', () => {
  it('sends the deployment as model, a strict schema without bounds, and max_completion_tokens', () => {
    const { path, body } = buildRequest('azure-openai', { ...base, model: 'readout-ft-2026-11', stream: true })
    expect(path).toBe('chat/completions')
    expect(body).toMatchObject({
      model: 'readout-ft-2026-11',
      response_format: { type: 'json_schema', json_schema: { name: SCHEMA_NAME, strict: true, schema: strictCompatibleSchema(interpretationJsonSchema) } },
      max_completion_tokens: 512,
      stream: true,
      stream_options: { include_usage: true },
    })
    expect(body).not.toHaveProperty('max_tokens')
  })

  it('parses the structured-outputs response (learn.microsoft.com, "Structured outputs", REST example, api-version 2024-10-21)', () => {
    const recorded = {
      id: 'chatcmpl-A1HKsHAe2hH9MEooYslRn9UmEwsag',
      object: 'chat.completion',
      created: 1724868330,
      model: 'gpt-4o-2024-08-06',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: '{\n  "name": "Science Fair",\n  "date": "Friday",\n  "participants": ["Alice", "Bob"]\n}' },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 33, completion_tokens: 27, total_tokens: 60 },
      system_fingerprint: 'fp_1c2eaec9fe',
    }
    const c = parseCompletion('azure-openai', recorded)
    expect(JSON.parse(c.text)).toEqual({ name: 'Science Fair', date: 'Friday', participants: ['Alice', 'Bob'] })
    expect(c).toMatchObject({ stopReason: 'eogToken', promptTokens: 33, outputTokens: 27, serverModel: 'gpt-4o-2024-08-06', systemFingerprint: 'fp_1c2eaec9fe' })
  })

  it('reads a stream whose first event has empty choices and prompt_filter_results (recorded from an Azure v1 endpoint)', () => {
    const sse =
      'data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}\n\n' +
      'data: {"choices":[{"content_filter_results":{},"delta":{"content":"","refusal":null,"role":"assistant"},"finish_reason":null,"index":0,"logprobs":null}],"created":1757499916,"id":"chatcmpl-CECImr5TLfMFiZN3FUlfVdBLr51Fs","model":"gpt-5-mini-2025-08-07","object":"chat.completion.chunk","system_fingerprint":null}\n\n' +
      'data: {"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"delta":{"content":"The"},"finish_reason":null,"index":0,"logprobs":null}],"created":1757499916,"id":"chatcmpl-CECImr5TLfMFiZN3FUlfVdBLr51Fs","model":"gpt-5-mini-2025-08-07","object":"chat.completion.chunk","system_fingerprint":"fp_x"}\n\n' +
      'data: {"choices":[{"content_filter_results":{},"delta":{},"finish_reason":"content_filter","index":0,"logprobs":null}],"created":1757499916,"id":"chatcmpl-CECImr5TLfMFiZN3FUlfVdBLr51Fs","model":"gpt-5-mini-2025-08-07","object":"chat.completion.chunk"}\n\n' +
      'data: [DONE]\n\n'
    const { pieces, result } = collect('azure-openai', sse)
    expect(pieces).toEqual(['', '', 'The', '', ''])
    expect(result).toMatchObject({ text: 'The', stopReason: 'contentFilter', serverModel: 'gpt-5-mini-2025-08-07', systemFingerprint: 'fp_x' })
  })

  it('surfaces an error event sent mid-stream', () => {
    const c = new StreamCollector('azure-openai')
    expect(() => c.push('{"error":{"message":"The server had an error while processing your request."}}')).toThrow(/mid-stream: The server had an error/)
  })
})

describe('generic OpenAI-compatible', () => {
  it('uses the strict-compatible schema (OpenAI refuses bounds in strict mode) and max_tokens', () => {
    const { body } = buildRequest('openai', { ...base, stream: false })
    expect(body).toMatchObject({ response_format: { json_schema: { schema: strictCompatibleSchema(interpretationJsonSchema) } }, max_tokens: 512 })
  })
  it('refuses a body that is not a completion', () => {
    expect(() => parseCompletion('openai', { object: 'list', data: [] })).toThrow(/no choices\[0\]\.message\.content/)
    expect(() => parseCompletion('llama-server', 'oops')).toThrow(/not a JSON object/)
  })
})
