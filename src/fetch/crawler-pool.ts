// The crawler's connection pools: one guarded agent per guard and timeout setting, shared by every fetch.
import type { Dispatcher } from 'undici'
import { guardedAgent, type GuardOptions } from './guarded-agent.js'

const pools = new Map<string, Dispatcher>()

export function crawlerPool(options: GuardOptions): Dispatcher {
  const key = JSON.stringify([
    options.allowPrivateNetworks,
    options.connectTimeoutMs,
    options.headersTimeoutMs,
    options.bodyTimeoutMs,
  ])
  let pool = pools.get(key)
  if (!pool) {
    pool = guardedAgent(options)
    pools.set(key, pool)
  }
  return pool
}
