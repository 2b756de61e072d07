// Formatting shared by the views: device times as sent, local system times, sizes and numbers.

/**
 * A device timestamp as the device wrote it (no conversion to this workstation's time zone, so it reads the same
 * as on the device and in the raw message): "2024-03-01T08:30:00+01:00" → "2024-03-01 08:30:00 +01:00".
 */
export function formatDeviceTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—'
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso)
  if (!m) return iso
  const [, date, hm, sec, zone] = m
  let out = date ?? iso
  if (hm !== undefined) out += ` ${hm}${sec !== undefined && sec !== ':00' ? sec : ''}`
  if (zone !== undefined) out += zone === 'Z' ? ' UTC' : ` ${zone}`
  return out
}

/** A time this system recorded (received, quarantined), in the workstation's local time. */
export function formatLocalTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`
}

/** A measured number without spurious float digits: 4.1 stays 4.1, 0.1 + 0.2 shows as 0.3. */
export function formatNumber(n: number, maxDigits = 4): string {
  if (!Number.isFinite(n)) return String(n)
  return Number(n.toPrecision(Math.max(1, Math.min(15, Math.trunc(Math.abs(n)).toString().length + maxDigits)))).toString()
}

/** A count with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString()
}
