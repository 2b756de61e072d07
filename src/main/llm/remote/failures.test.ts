// Failure messages and retry decisions for remote servers: cases worked by hand.
import { describe, expect, it } from 'vitest'
import { backoffMs, isRetryableNetworkCode, isRetryableStatus, networkFailure, serverMessage, statusFailure } from './failures'

const url = new URL('https://gpu.hospital.local:8443/v1')
const errno = (code: string) => Object.assign(new Error(code), { code })

describe('retry decisions', () => {
  it.each([
    [429, true],
    [503, true],
    [502, true],
    [500, false],
    [400, false],
    [401, false],
    [404, false],
  ])('status %i retryable: %s', (status, expected) => expect(isRetryableStatus(status)).toBe(expected))
  it.each([
    ['ECONNRESET', true],
    ['ECONNREFUSED', true],
    ['ENOTFOUND', false],
    ['CERT_HAS_EXPIRED', false],
    [undefined, false],
  ])('network %s retryable: %s', (code, expected) => expect(isRetryableNetworkCode(code)).toBe(expected))
  it.each([
    [1, null, 250],
    [2, null, 500],
    [3, undefined, 1000],
    [10, null, 8000],
    [1, '2', 2000],
    [1, '120', 8000],
    [2, 'Wed, 21 Oct 2015 07:28:00 GMT', 500],
  ])('attempt %i, Retry-After %s → %i ms', (attempt, retryAfter, expected) => expect(backoffMs(attempt, retryAfter)).toBe(expected))
})

describe('messages', () => {
  it.each([
    ['ENOTFOUND', /could not be resolved \(DNS/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /TLS connection.*CA bundle/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /TLS connection/],
    ['ECONNREFUSED', /connection refused/],
    ['ECONNRESET', /closed by the server/],
  ])('network %s', (code, message) => {
    const e = networkFailure(errno(code), url)
    expect(e.code).toBe('REMOTE_UNAVAILABLE')
    expect(e.message).toMatch(message)
  })

  it.each([
    [401, '{"error":{"message":"Invalid API Key","type":"authentication_error"}}', 'INVALID_MODEL', /refused the API key \(HTTP 401\).*Invalid API Key/],
    [404, '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}', 'INVALID_MODEL', /no deployment "ft-gpt".*HTTP 404/],
    [503, '{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}', 'REMOTE_UNAVAILABLE', /busy or not ready \(HTTP 503\).*Loading model/],
    [500, '<html>oops</html>', 'REMOTE_UNAVAILABLE', /^The server at gpu.hospital.local:8443 answered HTTP 500\.$/],
  ])('status %i', (status, body, code, message) => {
    const e = statusFailure(status, body, { url, model: 'ft-gpt', kind: 'azure-openai' })
    expect(e.code).toBe(code)
    expect(e.message).toMatch(message)
  })

  it('keeps a server message short', () => {
    expect(serverMessage(JSON.stringify({ error: { message: 'x'.repeat(500) } }))).toHaveLength(200)
    expect(serverMessage('{"detail":"Not Found"}')).toBe('Not Found')
    expect(serverMessage('not json')).toBeNull()
  })
})
