// Download: a URL's body streamed to a file, every phase bounded; failures come back as fetch findings.
import { createWriteStream } from 'node:fs'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Agent, request } from 'undici'
import type { RawFinding } from '../rule-types.js'
import type { SourceFacts } from './source.js'
import { fetchFailure } from './fetch-errors.js'

export interface DownloadOptions {
  connectTimeoutMs: number
  headersTimeoutMs: number
  bodyTimeoutMs: number
  totalTimeoutMs: number
  /** Stop reading past this many bytes: the largest file any requested target accepts, plus one. */
  readCap: number
  signal?: AbortSignal
}

export interface Downloaded {
  source: SourceFacts
  /** True when the body is on disk (possibly cut at the read cap). */
  saved: boolean
  findings: RawFinding[]
}

const agents = new Map<string, Agent>()

/** One keep-alive pool per timeout setting, shared by every download. */
function agentFor(o: DownloadOptions): Agent {
  const key = `${o.connectTimeoutMs}/${o.headersTimeoutMs}/${o.bodyTimeoutMs}`
  let agent = agents.get(key)
  if (!agent) {
    agent = new Agent({ connect: { timeout: o.connectTimeoutMs }, headersTimeout: o.headersTimeoutMs, bodyTimeout: o.bodyTimeoutMs })
    agents.set(key, agent)
  }
  return agent
}

export async function download(url: string, path: string, options: DownloadOptions): Promise<Downloaded> {
  const source: SourceFacts = {
    url,
    finalUrl: url,
    redirects: [],
    status: null,
    contentType: null,
    contentLength: null,
    bytes: 0,
    ttfbMs: null,
    downloadMs: null,
  }
  const started = performance.now()
  const deadline = AbortSignal.timeout(options.totalTimeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline
  try {
    const res = await request(url, { dispatcher: agentFor(options), signal, headers: { accept: '*/*' } })
    source.ttfbMs = Math.round(performance.now() - started)
    source.status = res.statusCode
    source.contentType = header(res.headers['content-type'])
    const length = Number(header(res.headers['content-length']))
    source.contentLength = Number.isFinite(length) && header(res.headers['content-length']) !== null ? length : null
    if (res.statusCode < 200 || res.statusCode > 299) {
      await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined)
      const transient = res.statusCode === 429 || res.statusCode >= 500
      const finding: RawFinding = transient
        ? { rule: 'fetch.status', args: { status: res.statusCode, url }, tier: 'transient' }
        : { rule: 'fetch.status', args: { status: res.statusCode, url } }
      return { source, saved: false, findings: [finding] }
    }
    const cap = capAt(options.readCap, () => res.body.destroy())
    await pipeline(res.body, cap.stream, createWriteStream(path), { signal }).catch((error: unknown) => {
      if (!cap.reached) throw error
    })
    source.bytes = cap.bytes
    source.downloadMs = Math.round(performance.now() - started)
    const findings: RawFinding[] = cap.reached
      ? [{ rule: 'fetch.too_large', args: { cap: options.readCap, contentLength: source.contentLength } }]
      : []
    return { source, saved: true, findings }
  } catch (error) {
    source.downloadMs = Math.round(performance.now() - started)
    return { source, saved: false, findings: [fetchFailure(error, options, deadline.aborted)] }
  }
}

/** Counts bytes through, and ends the stream once `limit` is passed. */
function capAt(limit: number, stop: () => void) {
  const state = { bytes: 0, reached: false, stream: undefined as unknown as Transform }
  state.stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const room = limit - state.bytes
      if (chunk.length >= room) {
        state.bytes += room
        state.reached = true
        this.push(chunk.subarray(0, room))
        this.push(null)
        stop()
        return done()
      }
      state.bytes += chunk.length
      done(null, chunk)
    },
  })
  return state
}

function header(value: string | string[] | undefined): string | null {
  if (value === undefined) return null
  return Array.isArray(value) ? (value[0] ?? null) : value
}
