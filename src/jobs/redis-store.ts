// Jobs' records and results on Redis: every change that must not happen twice is one Lua script, so any number of
// service and worker processes can share them. Results are a hash by item index: a retried chunk cannot add a line twice.
import type { Redis } from 'ioredis'
import type { BatchLine, LineOutcome } from '../http/batch-line.js'
import { isFinal, type JobError, type JobRecord } from './engine.js'
import type { FixJobResult, JobKind, JobState } from './types.js'

const PREFIX = 'preflight:'
export const CANCEL_CHANNEL = `${PREFIX}cancel`

const jobKey = (id: string) => `${PREFIX}job:${id}`
const resultsKey = (id: string) => `${PREFIX}job:${id}:results`
const openKey = (kind: JobKind) => `${PREFIX}open:${kind}`

// A job not finished is kept this long past its time limit anyway: its workers may all have gone for good.
const UNFINISHED_GRACE_MS = 7 * 86_400_000

/** Members of the open set whose job is gone (expired) are dropped before counting. */
const CREATE = `
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[3] .. id) == 0 then redis.call('SREM', KEYS[1], id) end
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], unpack(ARGV, 5))
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1`

/** The first chunk (or the fix) to start marks the job active; returns its state and start time. */
const START = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
if state == 'queued' then
  redis.call('HSET', KEYS[1], 'state', 'active', 'startedAt', ARGV[1])
  state = 'active'
end
return {state, redis.call('HGET', KEYS[1], 'startedAt'), redis.call('HGET', KEYS[1], 'timeoutMs')}`

// The TTL is the one the job was submitted with, whichever process ends it.
const FINISH_BODY = `
  local ttl = redis.call('HGET', KEYS[1], 'ttlMs')
  redis.call('HSET', KEYS[1], 'state', ARGV[1], 'finishedAt', ARGV[2])
  redis.call('SREM', KEYS[3], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)`

/** Stores one line unless its index is stored already; the line that completes the audit finishes it. */
const ADD_RESULT = `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'queued' and state ~= 'active' then return -1 end
if redis.call('HSETNX', KEYS[2], ARGV[4], ARGV[5]) == 0 then return -2 end
redis.call('PEXPIRE', KEYS[2], redis.call('PTTL', KEYS[1]))
redis.call('HINCRBY', KEYS[1], ARGV[6], 1)
if ARGV[7] == '1' then redis.call('HINCRBY', KEYS[1], 'notApplicable', 1) end
if redis.call('HLEN', KEYS[2]) < tonumber(redis.call('HGET', KEYS[1], 'total')) then return 0 end
${FINISH_BODY}
return 1`

/** Ends a job once: a job already final is left as it is (0). */
const FINISH = `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'queued' and state ~= 'active' then return 0 end
${FINISH_BODY}
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'fix', ARGV[5]) end
return 1`

const PROGRESS = `
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'active' then return 0 end
redis.call('HSET', KEYS[1], 'done', ARGV[1], 'total', ARGV[2])
return 1`

interface Scripts {
  pfCreate(open: string, job: string, ...args: (string | number)[]): Promise<number>
  pfStart(job: string, now: number): Promise<[string, string, string] | null>
  pfAddResult(job: string, results: string, open: string, ...args: (string | number)[]): Promise<number>
  pfFinish(job: string, results: string, open: string, ...args: (string | number)[]): Promise<number>
  pfProgress(job: string, done: number, total: number): Promise<number>
}

export type ScriptedRedis = Redis & Scripts

export function withScripts(redis: Redis): ScriptedRedis {
  redis.defineCommand('pfCreate', { numberOfKeys: 2, lua: CREATE })
  redis.defineCommand('pfStart', { numberOfKeys: 1, lua: START })
  redis.defineCommand('pfAddResult', { numberOfKeys: 3, lua: ADD_RESULT })
  redis.defineCommand('pfFinish', { numberOfKeys: 3, lua: FINISH })
  redis.defineCommand('pfProgress', { numberOfKeys: 1, lua: PROGRESS })
  return redis as ScriptedRedis
}

export class RedisJobStore {
  constructor(
    readonly redis: ScriptedRedis,
    readonly ttlMs: number,
  ) {}

  /** False: `maxOpen` jobs of this kind are queued or running already. */
  async create(id: string, kind: JobKind, total: number, maxOpen: number, timeoutMs: number): Promise<boolean> {
    const fields = {
      kind,
      state: 'queued',
      total,
      done: 0,
      createdAt: Date.now(),
      timeoutMs,
      ttlMs: this.ttlMs,
      ok: 0,
      failed: 0,
      errors: 0,
      notApplicable: 0,
    }
    const keep = timeoutMs + this.ttlMs + UNFINISHED_GRACE_MS
    const created = await this.redis.pfCreate(
      openKey(kind),
      jobKey(id),
      maxOpen,
      id,
      `${PREFIX}job:`,
      keep,
      ...Object.entries(fields).flat(),
    )
    return created === 1
  }

  async remove(id: string, kind: JobKind): Promise<void> {
    await this.redis.multi().del(jobKey(id), resultsKey(id)).srem(openKey(kind), id).exec()
  }

  async get(id: string): Promise<JobRecord | null> {
    const [[, fields], [, stored]] = (await this.redis.multi().hgetall(jobKey(id)).hlen(resultsKey(id)).exec()) as [
      [unknown, Record<string, string>],
      [unknown, number],
    ]
    if (!fields.kind) return null
    const num = (name: string) => Number(fields[name] ?? 0)
    const time = (name: string) => (fields[name] === undefined ? null : Number(fields[name]))
    const kind = fields.kind as JobKind
    return {
      id,
      kind,
      state: fields.state as JobState,
      total: num('total'),
      // An audit's progress is what is stored, not what was announced.
      done: kind === 'audit' ? stored : num('done'),
      tally: { ok: num('ok'), failed: num('failed'), errors: num('errors'), notApplicable: num('notApplicable') },
      createdAt: num('createdAt'),
      startedAt: time('startedAt'),
      finishedAt: time('finishedAt'),
      fix: fields.fix ? (JSON.parse(fields.fix) as FixJobResult) : null,
      error: fields.error ? (JSON.parse(fields.error) as JobError) : null,
    }
  }

  /** Marks the job active (first start); null when it is gone. The deadline is its start plus its time limit. */
  async start(id: string): Promise<{ state: JobState; deadline: number } | null> {
    const got = await this.redis.pfStart(jobKey(id), Date.now())
    return got ? { state: got[0] as JobState, deadline: Number(got[1]) + Number(got[2]) } : null
  }

  /** When a running job must have ended: null when it has not started (or is gone). */
  async deadlineOf(id: string): Promise<number | null> {
    const [startedAt, timeoutMs] = await this.redis.hmget(jobKey(id), 'startedAt', 'timeoutMs')
    return startedAt === null || startedAt === undefined ? null : Number(startedAt) + Number(timeoutMs)
  }

  /** The indexes among start..start+count-1 whose line is stored. */
  async storedIndexes(id: string, start: number, count: number): Promise<Set<number>> {
    const fields = Array.from({ length: count }, (_, i) => String(start + i))
    const values = await this.redis.hmget(resultsKey(id), ...fields)
    return new Set(fields.filter((_, i) => values[i] !== null).map(Number))
  }

  /** 1: this line completed the audit; 0: stored; -2: already stored; -1: the job has ended (not stored). */
  async addResult(
    id: string,
    line: BatchLine,
    outcome: { outcome: LineOutcome; notApplicable: boolean },
  ): Promise<number> {
    return this.redis.pfAddResult(
      jobKey(id),
      resultsKey(id),
      openKey('audit'),
      'done',
      Date.now(),
      id,
      line.index,
      JSON.stringify(line),
      outcome.outcome,
      outcome.notApplicable ? '1' : '0',
    )
  }

  /** True when this call ended the job (it was still queued or active). */
  async finish(
    id: string,
    kind: JobKind,
    state: JobState,
    extra: { error?: JobError | null; fix?: FixJobResult | null } = {},
  ): Promise<boolean> {
    if (!isFinal(state)) throw new Error(`not a final state: ${state}`)
    const error = extra.error ? JSON.stringify(extra.error) : ''
    const fix = extra.fix ? JSON.stringify(extra.fix) : ''
    return (
      (await this.redis.pfFinish(jobKey(id), resultsKey(id), openKey(kind), state, Date.now(), id, error, fix)) === 1
    )
  }

  async progress(id: string, done: number, total: number): Promise<void> {
    await this.redis.pfProgress(jobKey(id), done, total)
  }

  /** The stored lines, a few hundred at a time, in no set order; HSCAN may repeat a field while the hash grows: once each here. */
  async *results(id: string): AsyncIterable<string> {
    const seen = new Set<string>()
    let cursor = '0'
    do {
      const [next, pairs] = await this.redis.hscan(resultsKey(id), cursor, 'COUNT', 500)
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        if (seen.has(pairs[i]!)) continue
        seen.add(pairs[i]!)
        yield pairs[i + 1]!
      }
      cursor = next
    } while (cursor !== '0')
  }

  async openJobs(kind: JobKind): Promise<string[]> {
    return this.redis.smembers(openKey(kind))
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.exists(jobKey(id))) === 1
  }
}
