// POST /v1/fix: the /v1/preflight JSON or upload form plus `strategy` and `allowTrim` → a fix job (202), or with
// `Prefer: wait=N` the finished job (200) when it ends within N seconds.
import { copyFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { ServiceError } from '../../errors.js'
import { isFinal, type JobRecord } from '../../jobs/engine.js'
import type { FixJobInput } from '../../jobs/types.js'
import { jobPath, jobView } from '../../jobs/view.js'
import { fromBody, fromZod, toRequest } from '../../request/parse.js'
import { fixBodySchema, fixFieldsSchema } from '../../request/fix-schemas.js'
import { bodyPace } from '../body-stream.js'
import type { AppContext, AppEnv } from '../context.js'
import { jsonLimit, readJson } from '../json-body.js'
import { disposeAll, type ParsedForm } from '../multipart.js'
import { MAX_JSON_DEPTH } from './preflight.js'
import { fieldsOf, readUploads, uploadedMedia } from './upload.js'

const MAX_JSON_BYTES = 1024 * 1024
/** `Prefer: wait=N` waits at most this long (CONTRACT.md "Fixing"). */
const MAX_WAIT_S = 60
const WAIT_POLL_MS = 100

export function fixRoute(context: AppContext) {
  const { config, jobs } = context
  const limits = { maxBytes: MAX_JSON_BYTES, maxDepth: MAX_JSON_DEPTH, maxValues: 16_384, pace: bodyPace(config) }
  return new Hono<AppEnv>().post('/', async (c) => {
    let job: JobRecord
    if (/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      const form = await readUploads(c, context)
      try {
        job = await jobs.submitFix((workDir) => fromForm(form, workDir, context))
      } finally {
        await disposeAll(form.scratches)
      }
    } else {
      await jsonLimit(MAX_JSON_BYTES)(c, async () => undefined)
      const body = await readJson(c, limits, ' or multipart/form-data')
      const parsed = fixBodySchema.safeParse(body)
      if (!parsed.success) throw fromZod(parsed.error)
      const { strategy, allowTrim } = parsed.data
      const input: FixJobInput = { request: fromBody(parsed.data, config.PREFLIGHT_MAX_ITEMS), strategy, allowTrim }
      job = await jobs.submitFix(async () => input)
    }
    c.header('Location', jobPath(job.id))
    const waitS = preferWait(c)
    if (waitS > 0) {
      c.header('Preference-Applied', `wait=${waitS}`)
      const final = await waitForJob(context, job.id, waitS * 1000, c.req.raw.signal)
      if (final) return c.json(jobView(final), 200)
    }
    return c.json(jobView((await jobs.get(job.id)) ?? job), 202)
  })
}

/** The form's files move into the job's folder (they outlive this request); its fields are checked first. */
async function fromForm(form: ParsedForm, workDir: string, { config }: AppContext): Promise<FixJobInput> {
  const fields = fieldsOf(form)
  const extra = fixFieldsSchema.safeParse({
    strategy: form.fields.get('strategy')?.at(-1),
    allowTrim: boolField(form.fields.get('allowTrim')?.at(-1)),
  })
  if (!extra.success) throw fromZod(extra.error)
  const media = uploadedMedia(form)
  const request = toRequest(fields, media, config.PREFLIGHT_MAX_ITEMS)
  request.media = await Promise.all(
    media.map(async ({ path, name }, i) => {
      const target = join(workDir, `upload-${i}`)
      await moveFile(path, target)
      return { path: target, name }
    }),
  )
  return { request, ...extra.data }
}

function boolField(value: string | undefined): boolean | string | undefined {
  if (value === 'true' || value === '1' || value === 'on') return true
  if (value === 'false' || value === '0' || value === '') return false
  return value
}

/** A rename when the job folder is on the same file system as the upload's scratch, else a copy. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    await copyFile(from, to)
  }
}

/** RFC 7240 `Prefer: wait=N`, capped at 60 s; 0 when absent. */
export function preferWait(c: Context): number {
  const match = /(?:^|[,;\s])wait=(\d{1,6})\b/i.exec(c.req.header('prefer') ?? '')
  return match ? Math.min(MAX_WAIT_S, Number(match[1])) : 0
}

/** The job once it has ended, or null when `ms` passed first (or the client left, or the service is stopping). */
async function waitForJob({ jobs, lifecycle }: AppContext, id: string, ms: number, client: AbortSignal) {
  const until = Date.now() + ms
  while (!client.aborted && !lifecycle.draining) {
    const job = await jobs.get(id)
    if (!job) throw new ServiceError('not_found', 'The job expired while waiting.')
    if (isFinal(job.state)) return job
    if (Date.now() >= until) return null
    await new Promise((resolve) => setTimeout(resolve, Math.min(WAIT_POLL_MS, until - Date.now())))
  }
  return null
}
