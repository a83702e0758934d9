// Uploads take room in the temp-disk budget shared with downloads: 413 when they could never fit, 503 while it is taken.
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DiskBudget } from '../../src/services/disk-budget.js'
import { testApp } from '../helpers/app.js'
import { listen, type Listening } from '../helpers/listen.js'
import { samplePath } from '../helpers/samples.js'

const PHOTO = Buffer.concat([readFileSync(samplePath('feed-ok-1080x1350.jpg')), Buffer.alloc(300_000)])
const BUDGET = 1_000_000

let dir: string
let budget: DiskBudget
let shared: Listening
let tiny: Listening

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-upload-budget-'))
  budget = new DiskBudget(BUDGET)
  shared = await listen(testApp({ PREFLIGHT_TMPDIR: dir }, { diskBudget: budget }))
  tiny = await listen(testApp({ PREFLIGHT_TMPDIR: dir, PREFLIGHT_TEMP_BUDGET_BYTES: '100000' }))
})
afterAll(async () => {
  await shared.close()
  await tiny.close()
  await rm(dir, { recursive: true, force: true })
})

function upload(base: string): Promise<Response> {
  const body = new FormData()
  body.append('targets', 'threads')
  body.append('file', new Blob([PHOTO]), 'photo.jpg')
  return fetch(`${base}/v1/preflight/file`, { method: 'POST', body })
}

describe('uploads against the temp-disk budget', () => {
  it('answers 413 for files larger than the whole budget, and leaves no temp file', async () => {
    const res = await upload(tiny.base)
    expect(res.status).toBe(413)
    expect((await res.json()).error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/temp-disk budget/),
    })
    expect(await readdir(dir)).toEqual([])
  })

  it('answers 503 with Retry-After while the budget is taken by other work, then 200 once it is free', async () => {
    const other = budget.account() // a download in flight elsewhere
    expect(other.reserve(BUDGET - 100_000)).toBe(true)
    const refused = await upload(shared.base)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await refused.json()).error.code).toBe('insufficient_storage')
    expect(await readdir(dir)).toEqual([])
    expect(budget.used).toBe(BUDGET - 100_000)

    other.close()
    const res = await upload(shared.base)
    expect(res.status).toBe(200)
    expect((await res.json()).items[0].media.kind).toBe('image')
    expect(budget.used).toBe(0)
    expect(await readdir(dir)).toEqual([])
  })
})
