// The real server as a child process, built with tsc beforehand: a bad variable stops it with a message naming it;
// SIGTERM during a preflight lets the request finish, removes its temp files and exits 0.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { request, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const BUILD = join(ROOT, 'test-output', 'server-build')
const SERVER = join(BUILD, 'src', 'server.js')
const JPEG = readFileSync(samplePath('feed-ok-1080x1350.jpg'))

type Line = Record<string, unknown> & { msg: string }

interface Child {
  process: ChildProcessWithoutNullStreams
  stderr: () => string
  /** Resolves with the first log line matching `test`, or fails after `ms`. */
  logged: (test: (line: Line) => boolean, ms?: number) => Promise<Line>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [SERVER], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } })
  const lines: Line[] = []
  const waiters = new Set<() => void>()
  let pending = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString()
    const parts = pending.split('\n')
    pending = parts.pop() ?? ''
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Line)
    for (const wake of waiters) wake()
  })
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const logged = (test: (line: Line) => boolean, ms = 15_000) =>
    new Promise<Line>((resolve, reject) => {
      const check = () => {
        const found = lines.find(test)
        if (!found) return
        cleanup()
        resolve(found)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`no such log line within ${ms} ms; stderr: ${stderr}`))
      }, ms)
      const cleanup = () => {
        clearTimeout(timer)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })
  return { process: child, stderr: () => stderr, logged, exited: bounded(exited, 20_000, 'the server did not exit') }
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** A media host whose /slow.jpg sends half of a JPEG, then the rest only once the test calls `finish`. */
let media: TestServer
let held: ServerResponse | null = null
let requested: () => void = () => undefined
const half = Math.floor(JPEG.length / 2)

function nextRequest(): Promise<void> {
  return bounded(new Promise<void>((resolve) => (requested = resolve)), 10_000, 'the server never fetched the media')
}

/** Sends the held JPEG's second half in ten chunks, 50 ms apart. */
async function finish(): Promise<void> {
  const res = held
  held = null
  if (!res) return
  const rest = JPEG.subarray(half)
  const size = Math.ceil(rest.length / 10)
  for (let at = 0; at < rest.length && !res.destroyed; at += size) {
    res.write(rest.subarray(at, at + size))
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  res.end()
}

let tmp = ''
const tmps: string[] = []
const children: Child[] = []

beforeAll(async () => {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', BUILD], {
    cwd: ROOT,
    timeout: 240_000,
  }).catch((error: Error & { stdout?: string }) => {
    throw new Error(`building the server failed: ${error.stdout || error.message}`)
  })
  media = await startServer((req, res) => {
    if (req.url !== '/slow.jpg') return void res.writeHead(404).end() // robots.txt: none, so no rules
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(JPEG.length) })
    res.write(JPEG.subarray(0, half))
    held = res
    requested()
  })
}, 300_000)

afterAll(async () => {
  for (const child of children) child.process.kill('SIGKILL')
  await media?.close()
  await Promise.all(tmps.map((dir) => rm(dir, { recursive: true, force: true })))
})

async function serve(env: Record<string, string> = {}) {
  tmp = await mkdtemp(join(tmpdir(), 'preflight-server-'))
  tmps.push(tmp)
  const child = startChild({
    PORT: '0',
    HOST: '127.0.0.1',
    PREFLIGHT_TMPDIR: tmp,
    PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true',
    ...env,
  })
  children.push(child)
  const { port } = await child.logged((l) => l.msg === 'listening')
  return { child, base: `http://127.0.0.1:${port as number}` }
}

function preflightAt(base: string) {
  return fetch(`${base}/v1/preflight`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: media.url('/slow.jpg'), targets: ['instagram.feed', 'threads'] }),
    signal: AbortSignal.timeout(20_000),
  })
}

describe('the server process', () => {
  it.each([
    ['PREFLIGHT_RATE_LIMIT', 'lots'],
    ['PREFLIGHT_SHUTDOWN_TIMEOUT_MS', '-1'],
    ['PREFLIGHT_LOG_LEVEL', 'loud'],
  ])('exits 1 naming %s when it is %j', async (name, bad) => {
    const child = startChild({ [name]: bad })
    children.push(child)
    expect(await child.exited).toEqual({ code: 1, signal: null })
    expect(child.stderr()).toMatch(new RegExp(`Invalid configuration:\\n\\s+${name}: `))
  })

  it('finishes an in-flight preflight on SIGTERM, refuses new connections, removes its temp files and exits 0', async () => {
    const { child, base } = await serve()
    const arrived = nextRequest()
    const response = preflightAt(base)
    await arrived
    expect(await readdir(tmp)).toHaveLength(1) // the item's scratch directory, while it downloads
    child.process.kill('SIGTERM')
    await child.logged((l) => l.msg.startsWith('stopping'))
    await expect(fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow()
    await finish()
    const res = await response
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report.items[0].source).toMatchObject({ status: 200, bytes: JPEG.length })
    expect(report.items[0].media).toMatchObject({ kind: 'image', width: 1080, height: 1350 })
    expect(report.ok).toBe(true)
    expect(report.results.map((r: { target: string }) => r.target)).toEqual(['instagram.feed', 'threads'])
    expect(await child.exited).toEqual({ code: 0, signal: null })
    expect(await readdir(tmp)).toEqual([])
  })

  it('starts its ffprobe shell once it listens, and the shell removes its output folder when the server is killed', async () => {
    const spawnTmp = await mkdtemp(join(tmpdir(), 'preflight-spawntmp-'))
    tmps.push(spawnTmp)
    const { child } = await serve({ TMPDIR: spawnTmp })
    expect((await readdir(spawnTmp)).map((name) => name.replace(/-.*/, ''))).toEqual(['preflight'])
    child.process.kill('SIGKILL')
    await child.exited
    // The shell sees its stdin close and ends; bounded wait for it.
    for (let tries = 0; tries < 100 && (await readdir(spawnTmp)).length > 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await readdir(spawnTmp)).toEqual([])
  })

  it('aborts work still running at the shutdown deadline with a 503, removes its temp files and exits 0', async () => {
    const { child, base } = await serve({ PREFLIGHT_SHUTDOWN_TIMEOUT_MS: '200' })
    const arrived = nextRequest()
    const response = preflightAt(base)
    await arrived
    child.process.kill('SIGTERM')
    const res = await response
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).not.toBeNull()
    expect(await res.json()).toEqual({
      error: { code: 'unavailable', message: 'The service is shutting down; retry shortly.' },
    })
    expect(await child.exited).toEqual({ code: 0, signal: null })
    expect(await readdir(tmp)).toEqual([])
    await child.logged((l) => l.msg.startsWith('shutdown deadline passed'))
    held?.destroy()
    held = null
  })

  it('removes the temp file of an upload still arriving at the shutdown deadline, and exits 0', async () => {
    const { child, base } = await serve({ PREFLIGHT_SHUTDOWN_TIMEOUT_MS: '200' })
    const { hostname, port } = new URL(base)
    const upload = request({
      hostname,
      port,
      path: '/v1/preflight/file',
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=XX' },
    })
    upload.on('error', () => undefined) // the server drops the connection: that is the point
    upload.write(
      '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
    )
    upload.write(JPEG.subarray(0, half))
    for (let tries = 0; tries < 100 && (await readdir(tmp)).length === 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50))
    expect(await readdir(tmp)).toHaveLength(1)
    child.process.kill('SIGTERM')
    expect(await child.exited).toEqual({ code: 0, signal: null })
    expect(await readdir(tmp)).toEqual([])
    expect(await child.logged((l) => l.msg === 'stopped')).toMatchObject({ removedScratchDirs: 1 })
    upload.destroy()
  })
})
