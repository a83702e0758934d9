// One style for byte counts: the page's copy (src/web/dom.ts: browser code is compiled and served apart, and
// cannot import server modules) writes exactly what src/messages/units.ts writes for the API and the audit.
import { describe, expect, it } from 'vitest'
import { shortBytes } from '../../src/messages/units.js'
import { bytes as pageBytes } from '../../src/web/dom.js'

describe('byte counts', () => {
  // Every unit boundary and its neighbours, plus a spread of sizes up to past the last unit.
  const edges = [0, 1, 999, 1000, 1049, 1050, 999_949, 999_950, 1e6, 8_388_608, 16_777_216, 1e9, 1e12, 1e15, 2.5e16]
  const spread = Array.from({ length: 200 }, (_, i) => Math.round(1.37 ** i))

  it.each(edges)('%d B reads the same on the page as in the API', (n) => {
    expect(pageBytes(n)).toBe(shortBytes(n))
  })

  it('agree over sizes from 1 B to past a petabyte', () => {
    for (const n of spread) expect(pageBytes(n), String(n)).toBe(shortBytes(n))
  })

  it('are the decimal units the platforms write their limits in', () => {
    expect(shortBytes(8_388_608)).toBe('8.4 MB')
    expect(shortBytes(999)).toBe('999 B')
    expect(shortBytes(1e12)).toBe('1.0 TB')
  })
})
