// The crawler's HTTP pool with the SSRF guard: every connection goes to an address that was checked and pinned.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { Agent, buildConnector, type Dispatcher } from 'undici'
import { hostAddress, refusedClass, type RefusedClass } from './ip-ranges.js'

export { hostAddress, refusedClass, type RefusedClass } from './ip-ranges.js'

export interface GuardOptions {
  /** True lets hosts resolve to loopback/private/link-local addresses (tests, local development). */
  allowPrivateNetworks: boolean
  connectTimeoutMs: number
  /** Time from request sent to response headers. */
  headersTimeoutMs: number
  /** Longest gap between two body chunks. */
  bodyTimeoutMs: number
}

/** Thrown (as a connect error) when a host is or resolves to a refused address; nothing was connected to. */
/** The code a refused address's connect error carries. */
export const PRIVATE_ADDRESS = 'PREFLIGHT_PRIVATE_ADDRESS'

export class PrivateAddressError extends Error {
  readonly code = PRIVATE_ADDRESS
  constructor(
    readonly host: string,
    readonly address: string,
    readonly addressClass: RefusedClass,
  ) {
    super(`${host} resolves to ${address} (${addressClass}), which preflight does not connect to`)
  }
}

/** Whether `address` may be connected to under `allowPrivateNetworks`; the refused class when not. */
function checkAddress(address: string, allowPrivateNetworks: boolean): RefusedClass | null {
  return allowPrivateNetworks ? null : refusedClass(address)
}

/**
 * An undici Agent whose connector refuses IP-literal hosts in refused ranges and resolves names through
 * a lookup that refuses them too: the address net.connect uses is the one that was checked.
 */
export function guardedAgent(options: GuardOptions): Dispatcher {
  const lookup = guardedLookup(options.allowPrivateNetworks)
  const base = buildConnector({ timeout: options.connectTimeoutMs, lookup })
  const connect: buildConnector.connector = (target, callback) => {
    const literal = hostAddress(target.hostname)
    const refused = literal === null ? null : checkAddress(literal, options.allowPrivateNetworks)
    if (literal !== null && refused) return callback(new PrivateAddressError(target.hostname, literal, refused), null)
    base(target, callback)
  }
  return new Agent({ connect, headersTimeout: options.headersTimeoutMs, bodyTimeout: options.bodyTimeoutMs })
}

/** dns.lookup that fails when any answer is refused, so a mixed answer cannot slip a private address in. */
function guardedLookup(allowPrivateNetworks: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0)
      const refused = addresses
        .map((a) => ({ ...a, cls: checkAddress(a.address, allowPrivateNetworks) }))
        .find((a) => a.cls !== null)
      if (refused) return callback(new PrivateAddressError(hostname, refused.address, refused.cls!), '', 0)
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0)
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
      callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}
