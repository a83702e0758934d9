// TtlCache: shares a running load, keeps values for their TTL, and holds at most maxEntries and maxBytes.
import { describe, expect, it } from 'vitest'
import { TtlCache } from '../../src/services/ttl-cache.js'

describe('TtlCache', () => {
  it('shares one load between concurrent callers', async () => {
    const cache = new TtlCache<number>({ maxEntries: 4 })
    let loads = 0
    const load = async () => ++loads
    expect(await Promise.all([cache.get('a', load, () => 1000), cache.get('a', load, () => 1000)])).toEqual([1, 1])
    expect(loads).toBe(1)
  })

  it('keeps each value for the TTL it chose', async () => {
    let now = 0
    const cache = new TtlCache<string>({ maxEntries: 4, now: () => now })
    const ttl = (v: string) => (v === 'bad' ? 10 : 100)
    await cache.get('good', async () => 'good', ttl)
    await cache.get('bad', async () => 'bad', ttl)
    now = 50
    expect(await cache.get('good', async () => 'reloaded', ttl)).toBe('good')
    expect(await cache.get('bad', async () => 'reloaded', ttl)).toBe('reloaded')
  })

  it('drops the oldest entry past maxEntries', async () => {
    const cache = new TtlCache<string>({ maxEntries: 2 })
    for (const key of ['a', 'b', 'c'])
      await cache.get(
        key,
        async () => key,
        () => 1000,
      )
    expect(cache.size).toBe(2)
    expect(
      await cache.get(
        'a',
        async () => 'reloaded',
        () => 1000,
      ),
    ).toBe('reloaded')
  })

  it('forgets a load that failed', async () => {
    const cache = new TtlCache<string>({ maxEntries: 2 })
    await expect(
      cache.get(
        'a',
        async () => Promise.reject(new Error('x')),
        () => 1000,
      ),
    ).rejects.toThrow('x')
    expect(
      await cache.get(
        'a',
        async () => 'ok',
        () => 1000,
      ),
    ).toBe('ok')
  })

  it('drops the oldest values past maxBytes, and keeps its count right through expiry and replacement', async () => {
    let now = 0
    const cache = new TtlCache<string>({ maxEntries: 100, maxBytes: 10, sizeOf: (v) => v.length, now: () => now })
    for (const key of ['a', 'b', 'c'])
      await cache.get(
        key,
        async () => key.repeat(4),
        () => 100,
      )
    expect([cache.size, cache.bytes]).toEqual([2, 8]) // 'aaaa' went first
    expect(
      await cache.get(
        'a',
        async () => 'again',
        () => 100,
      ),
    ).toBe('again')
    expect([cache.size, cache.bytes]).toEqual([2, 9]) // 'bbbb' went; 'cccc' + 'again'
    now = 200
    await cache.get(
      'c',
      async () => 'c',
      () => 100,
    ) // expired: replaced, its bytes no longer counted
    expect(cache.bytes).toBe(6)
  })

  it('answers a value larger than the whole budget without keeping it', async () => {
    const cache = new TtlCache<string>({ maxEntries: 100, maxBytes: 10, sizeOf: (v) => v.length })
    expect(
      await cache.get(
        'big',
        async () => 'x'.repeat(11),
        () => 1000,
      ),
    ).toBe('x'.repeat(11))
    expect([cache.size, cache.bytes]).toEqual([0, 0])
  })
})
