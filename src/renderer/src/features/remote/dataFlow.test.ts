// The Models page's statement of where patient data goes.
import { describe, expect, it } from 'vitest'
import { hostOf, whereDataGoes } from './dataFlow'

describe('whereDataGoes', () => {
  it.each([
    [null, /made on this workstation\. No report/],
    [{ name: 'gpu', kind: 'vllm', baseUrl: 'https://gpu.hospital.local:8000/v1' }, /“gpu” \(vLLM\) at gpu\.hospital\.local:8000.*encrypted connection/],
    [{ name: 'lan', kind: 'llama-server', baseUrl: 'http://10.0.0.5:8080' }, /at 10\.0\.0\.5:8080.*plain HTTP, unencrypted/],
    [{ name: 'here', kind: 'llama-server', baseUrl: 'http://127.0.0.1:8080' }, /127\.0\.0\.1:8080.*runs on this workstation/],
    [{ name: 'az', kind: 'azure-openai', baseUrl: 'https://res.openai.azure.com/openai/v1' }, /Azure OpenAI \/ AI Foundry/],
  ])('%o', (remote, statement) => expect(whereDataGoes(remote)).toMatch(statement))

  it('hostOf falls back to the text', () => {
    expect(hostOf('https://a.b:1/x')).toBe('a.b:1')
    expect(hostOf('nonsense')).toBe('nonsense')
  })
})
