// Where patient data may be sent: cases worked by hand.
import { describe, expect, it } from 'vitest'
import { checkBaseUrl, endpointUrl, isLoopbackHost } from './urlPolicy'

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['api.localhost', true],
    ['10.0.0.5', false],
    ['localhost.evil.org', false],
    ['128.0.0.1', false],
    ['gpu.hospital.local', false],
  ])('%s → %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected))
})

describe('checkBaseUrl', () => {
  it.each([
    ['https://gpu.hospital.local:8443', false],
    ['http://127.0.0.1:8080', false],
    ['http://localhost:8080/v1', false],
    ['http://10.1.2.3:8000/v1', true],
  ])('accepts %s (override %s)', (url, override) => expect(checkBaseUrl(url, override).href).toContain(new URL(url).host))

  it.each([
    ['http://10.1.2.3:8000/v1', /unencrypted.*administrator can allow/],
    ['gpu-server:8080', /https:\/\//],
    ['not a url', /is not a URL/],
    ['ftp://gpu/', /must start with https/],
    ['https://user:secret@gpu/', /key in its own field/],
    ['https://gpu/?api-version=1', /no query/],
  ])('refuses %s', (url, message) => expect(() => checkBaseUrl(url, false)).toThrow(message))
})

describe('endpointUrl', () => {
  it.each([
    ['http://127.0.0.1:8080', 'completion', 'http://127.0.0.1:8080/completion'],
    ['http://127.0.0.1:8000/v1/', 'chat/completions', 'http://127.0.0.1:8000/v1/chat/completions'],
    ['https://res.openai.azure.com/openai/v1', '/chat/completions', 'https://res.openai.azure.com/openai/v1/chat/completions'],
  ])('%s + %s', (base, path, expected) => expect(endpointUrl(new URL(base), path).href).toBe(expected))
})
