// Audit progress: a redrawn bar with counts, rate and ETA on a terminal; one plain line per asset otherwise.
import { describe, expect, it } from 'vitest'
import { createProgress } from '../../src/audit/progress.js'
import type { AssetSummary } from '../../src/audit/summary.js'

const asset = (name: string, verdict: 'pass' | 'fail'): AssetSummary => ({
  asset: name,
  kind: 'image',
  mime: 'image/jpeg',
  width: 1,
  height: 1,
  sizeBytes: 1,
  cache: null,
  error: null,
  targets: [{ target: 'threads', verdict, failing: [], warnings: [], platformErrors: [] }],
})

function stream(isTTY: boolean) {
  const written: string[] = []
  return { written, out: { isTTY, columns: 120, write: (text: string) => written.push(text) } }
}

describe('audit progress', () => {
  it('on a terminal, redraws one line with the bar, counts, rate, ETA and failures', () => {
    let now = 0
    const { written, out } = stream(true)
    const progress = createProgress(out, 4, () => now)
    now = 1000
    progress.done(asset('a.jpg', 'pass'))
    now = 2000
    progress.done(asset('b.jpg', 'fail'))
    progress.end(false)
    const frames = written.join('').split('\r\x1b[K').filter(Boolean)
    expect(frames.at(-1)).toMatch(/^█+░+ 2\/4 50% · 1\.00\/s · ETA 0:02 · 1 failing\n$/)
    expect(written.join('')).not.toContain('a.jpg') // names would scroll a terminal away
  })

  it('elsewhere, writes a plain line per asset, and says when it was interrupted', () => {
    let now = 0
    const { written, out } = stream(false)
    const progress = createProgress(out, 3, () => now)
    now = 500
    progress.done(asset('a.jpg', 'fail'))
    progress.end(true)
    expect(written).toEqual([
      '[1/3] fail  a.jpg (2.00/s, ETA 0:01, 1 failing)\n',
      'interrupted after 1 of 3: the report holds what was done\n',
    ])
  })
})
