// The request fields title and xPremium: JSON, multipart and CLI reach the checks; a wrong type is a 400 or a usage error.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkUrl } from '../../src/client/check.js'
import { check } from '../../src/cli/check.js'
import { loadConfig } from '../../src/config.js'
import { json, testApp } from '../helpers/app.js'
import { listen } from '../helpers/listen.js'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const app = testApp()
const LONG = 'video-long-301s.mp4' // past X's 140 s for ordinary accounts, inside Premium's 7,500 s
let server: TestServer

beforeAll(async () => {
  server = await startServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'video/mp4' }).end(readFileSync(samplePath(LONG))),
  )
})
afterAll(() => server.close())

type Finding = { rule: string; severity: string; platformError: string | null }
const rulesOf = (report: { results: { findings: Finding[] }[] }) =>
  report.results.map((r) => r.findings.map((f) => `${f.rule}:${f.severity}`).sort())

describe('title and xPremium over JSON', () => {
  it('judge the YouTube title and the X account', async () => {
    const body = { url: server.url('/clip.mp4'), targets: ['youtube.video', 'x'], title: 'a <b>', depth: 'quick' }
    const plain = await (await app.request('/v1/preflight', json(body))).json()
    const premium = await (await app.request('/v1/preflight', json({ ...body, xPremium: true }))).json()
    const onX = (r: { results: { findings: Finding[] }[] }) =>
      r.results[1]!.findings.filter((f) => f.rule === 'video.duration_max').map((f) => f.severity)
    expect(plain.results[0].findings.map((f: Finding) => [f.rule, f.platformError])).toContainEqual([
      'post.title_length',
      'invalidTitle',
    ])
    expect(onX(plain)).toEqual(['warning'])
    expect(onX(premium)).toEqual([])
  })

  it.each([
    [{ xPremium: 'true' }, 'xPremium'],
    [{ title: 12 }, 'title'],
  ])('refuses %j with a 400', async (field, name) => {
    const res = await app.request('/v1/preflight', json({ url: server.url('/clip.mp4'), targets: ['x'], ...field }))
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toContain(name)
  })
})

describe('title and xPremium as form fields', () => {
  const upload = (fields: Record<string, string>) => {
    const form = new FormData()
    form.append('file', new Blob([readFileSync(samplePath(LONG))]), LONG)
    form.append('targets', 'x,pinterest')
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    return app.request('/v1/preflight/file', { method: 'POST', body: form })
  }

  it('reads xPremium true and false, and the Pinterest title', async () => {
    const premium = await (await upload({ xPremium: 'true', title: 'x'.repeat(101), depth: 'quick' })).json()
    const plain = await (await upload({ xPremium: 'false', depth: 'quick' })).json()
    expect(rulesOf(premium)[0]).not.toContain('video.duration_max:warning')
    expect(rulesOf(plain)[0]).toContain('video.duration_max:warning')
    expect(rulesOf(premium)[1]).toContain('post.title_length:error')
  })

  it('refuses an xPremium that is not true or false', async () => {
    const res = await upload({ xPremium: 'yes' })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toContain('xPremium')
  })
})

describe('preflight check --title --x-premium', () => {
  const config = loadConfig({ ...process.env, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true' })
  const run = async (flags: string[]) => {
    let text = ''
    const out = { isTTY: false, write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream
    await check([samplePath(LONG), '--targets', 'x,youtube.video', '--json', '--depth', 'quick', ...flags], config, out)
    return rulesOf(JSON.parse(text))
  }

  it('passes both to the checks', async () => {
    const [x, youtube] = await run(['--x-premium', '--title', ''])
    expect(x).not.toContain('video.duration_max:warning')
    expect(youtube).toContain('post.title_length:error')
    expect((await run([]))[0]).toContain('video.duration_max:warning')
  })

  it('refuses --x-premium with a value, and --title without one', async () => {
    // parseArgs' own errors: main.ts answers them as usage errors (exit 2).
    await expect(run(['--x-premium=yes'])).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' })
    await expect(run(['--title'])).rejects.toMatchObject({ code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' })
  })
})

describe('the browser client (checkUrl) sends title and xPremium', () => {
  it('as JSON fields', async () => {
    const service = await listen(app)
    try {
      const options = { baseUrl: service.base, depth: 'quick' as const, title: '' }
      const [plain, premium] = await Promise.all([
        checkUrl(server.url('/clip.mp4'), ['x', 'youtube.video'], options),
        checkUrl(server.url('/clip.mp4'), ['x', 'youtube.video'], { ...options, xPremium: true }),
      ])
      expect(rulesOf(plain)[0]).toContain('video.duration_max:warning')
      expect(rulesOf(premium)[0]).not.toContain('video.duration_max:warning')
      expect(rulesOf(premium)[1]).toContain('post.title_length:error')
    } finally {
      await service.close()
    }
  })
})
