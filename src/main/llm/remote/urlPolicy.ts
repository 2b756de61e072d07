// Which server addresses Readout may send patient data to: HTTPS, or plain HTTP only to this machine or with an admin's override.
import { isIP } from 'node:net'
import { AppError } from '../../../shared/errors'

/** Whether a host name or address is this machine (loopback): plain HTTP to it never crosses a network. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h)
  return false
}

/**
 * Parses and checks a backend's base URL. HTTPS is required except to this machine; plain HTTP to another host only
 * with `allowInsecureHttp` (an administrator's explicit, audited override, e.g. a server on an isolated clinical
 * network). No credentials, query or fragment in the URL: the key goes in its own field and is kept out of the URL
 * the Models page and the audit show.
 */
export function checkBaseUrl(raw: string, allowInsecureHttp: boolean): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new AppError('INVALID_INPUT', `"${raw}" is not a URL. Write it in full, e.g. https://gpu-server.hospital.local:8080 or https://RESOURCE.openai.azure.com/openai/v1.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('INVALID_INPUT', `The URL must start with https:// (got ${url.protocol}).`)
  if (url.username || url.password) throw new AppError('INVALID_INPUT', 'Put the API key in its own field, not in the URL.')
  if (url.search || url.hash) throw new AppError('INVALID_INPUT', 'The base URL takes no query or fragment (remove the part from "?" or "#").')
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecureHttp) {
    throw new AppError(
      'INVALID_INPUT',
      `Plain HTTP to ${url.hostname} would send patient data unencrypted across the network. Use https://, or, if the server is on an isolated network, an administrator can allow plain HTTP for this backend explicitly (this is audited).`,
    )
  }
  return url
}

/** The base URL joined with an API path, keeping the base's own path (Azure's /openai/v1, vLLM's /v1). */
export function endpointUrl(base: URL, path: string): URL {
  const u = new URL(base.href)
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
  return u
}
