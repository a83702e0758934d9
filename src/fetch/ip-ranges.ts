// Address classes a public media URL must not reach (SSRF guard): IPv4, IPv6, IPv4-mapped IPv6, numeric host spellings.
import { isIP } from 'node:net'

export type RefusedClass = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'cgnat' | 'multicast' | 'reserved'

type V4Range = [base: number, bits: number, cls: RefusedClass]
type V6Range = [prefix: string, bits: number, cls: RefusedClass | 'embedded-v4']

// IANA special-purpose registries; documentation, benchmark and protocol blocks count as reserved.
const V4: readonly V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'cgnat'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.0.2.0'), 24, 'reserved'],
  [v4('192.88.99.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'],
  [v4('198.51.100.0'), 24, 'reserved'],
  [v4('203.0.113.0'), 24, 'reserved'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'],
]

// 'embedded-v4': the last 32 bits are an IPv4 address that is judged in its turn (mapped, NAT64).
const V6: readonly V6Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, 'embedded-v4'],
  ['64:ff9b::', 96, 'embedded-v4'],
  ['::', 96, 'reserved'],
  ['64:ff9b:1::', 48, 'reserved'],
  ['100::', 64, 'reserved'],
  ['2001::', 23, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['2002::', 16, 'reserved'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'reserved'],
  ['ff00::', 8, 'multicast'],
]

/** The class of a refused address, or null when the address is public. `ip` is an IP literal. */
export function refusedClass(ip: string): RefusedClass | null {
  const family = isIP(ip)
  if (family === 4) return classifyV4(v4(ip))
  if (family === 6) return classifyV6(v6(ip))
  return 'reserved' // not an address at all: never connect to it
}

/**
 * The IP literal a URL host stands for, or null for a name that needs DNS. Accepts what the WHATWG URL
 * parser accepts (`2130706433`, `0x7f000001`, `0177.0.0.1`, `[::1]`), so every spelling is judged alike.
 */
export function hostAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname
  if (isIP(bare)) return bare
  let parsed: string
  try {
    parsed = new URL(`http://${hostname.includes(':') ? `[${bare}]` : bare}/`).hostname
  } catch {
    return null
  }
  const unbracketed = parsed.startsWith('[') ? parsed.slice(1, -1) : parsed
  return isIP(unbracketed) ? unbracketed : null
}

function classifyV4(n: number): RefusedClass | null {
  for (const [base, bits, cls] of V4) if (bits === 0 || n >>> (32 - bits) === base >>> (32 - bits)) return cls
  return null
}

function classifyV6(bytes: Uint8Array): RefusedClass | null {
  for (const [prefix, bits, cls] of V6) {
    if (!matches(bytes, v6(prefix), bits)) continue
    if (cls !== 'embedded-v4') return cls
    const n = ((bytes[12]! << 24) | (bytes[13]! << 16) | (bytes[14]! << 8) | bytes[15]!) >>> 0
    return classifyV4(n) ?? (prefix === '::ffff:0:0' ? null : 'reserved')
  }
  return null
}

function matches(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8)
    if ((bytes[i >> 3]! & mask) !== (prefix[i >> 3]! & mask)) return false
  }
  return true
}

function v4(text: string): number {
  return text.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0)
}

/** An IPv6 literal (with `::` and an optional dotted IPv4 tail, no zone) as 16 bytes. */
function v6(text: string): Uint8Array {
  const unzoned = text.split('%')[0]!
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(unzoned)
  let body = unzoned
  if (dotted) {
    const n = v4(dotted[1]!)
    body = `${unzoned.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`
  }
  const [head = '', tail] = body.split('::')
  const words = (s: string) => (s ? s.split(':').map((w) => parseInt(w, 16)) : [])
  const left = words(head)
  const right = tail === undefined ? [] : words(tail)
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
  const bytes = new Uint8Array(16)
  all.forEach((word, i) => {
    bytes[i * 2] = word >> 8
    bytes[i * 2 + 1] = word & 0xff
  })
  return bytes
}
