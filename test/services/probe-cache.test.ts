// The probe cache: LRU by entries and by bytes, validator aliases, and copies that callers cannot corrupt.
import { describe, expect, it } from 'vitest'
import { ProbeCache } from '../../src/services/probe-cache.js'
import { imageMedia } from '../helpers/facts.js'

const media = (width: number) => imageMedia({ width })

describe('ProbeCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new ProbeCache({ maxEntries: 2, maxBytes: 1_000_000 })
    cache.set('a', media(1))
    cache.set('b', media(2))
    expect(cache.get('a')?.width).toBe(1) // a is now the most recent
    cache.set('c', media(3))
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')?.width).toBe(1)
    expect(cache.get('c')?.width).toBe(3)
    expect(cache.size.entries).toBe(2)
  })

  it('keeps the cached facts under maxBytes, and refuses one entry larger than the whole budget', () => {
    const one = JSON.stringify(media(1)).length + 1
    const cache = new ProbeCache({ maxEntries: 100, maxBytes: one * 2 })
    for (const key of ['a', 'b', 'c']) cache.set(key, media(1))
    expect(cache.size.entries).toBe(2)
    expect(cache.size.bytes).toBeLessThanOrEqual(one * 2)
    expect(cache.get('a')).toBeUndefined()
    const tiny = new ProbeCache({ maxEntries: 100, maxBytes: 10 })
    tiny.set('a', media(1))
    expect(tiny.size).toEqual({ entries: 0, bytes: 0 })
  })

  it('finds a hash by the validators it was stored with, and only while the facts are cached', () => {
    const cache = new ProbeCache({ maxEntries: 1, maxBytes: 1_000_000 })
    const url = { source: 'https://cdn.example/a.jpg', etag: '"v1"' }
    cache.set('hash-a', media(1), url)
    expect(cache.hashFor(url)).toBe('hash-a')
    expect(cache.hashFor({ ...url, etag: '"v2"' })).toBeUndefined()
    expect(cache.hashFor({ source: url.source })).toBeUndefined() // a bare URL names no content
    cache.set('hash-b', media(2))
    expect(cache.hashFor(url)).toBeUndefined() // hash-a was evicted
  })

  it('hands out copies: a caller changing its facts does not change the cache', () => {
    const cache = new ProbeCache({ maxEntries: 10, maxBytes: 1_000_000 })
    const stored = media(1)
    cache.set('a', stored)
    stored.width = 99
    cache.get('a')!.width = 42
    expect(cache.get('a')?.width).toBe(1)
  })
})
