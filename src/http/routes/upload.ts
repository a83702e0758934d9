// POST /v1/preflight/file: multipart uploads, streamed to disk as they arrive, never held in memory.
import { basename } from 'node:path'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { ServiceError } from '../../errors.js'
import { bodyPace, pacedBody } from '../body-stream.js'
import type { AppContext, AppEnv } from '../context.js'
import { disposeAll, overBudget, parseMultipart, type ParsedForm } from '../multipart.js'
import { fromZod, toRequest } from '../../request/parse.js'
import { runPreflight } from '../run-preflight.js'
import { postFieldsSchema } from '../../request/schemas.js'

// Multipart framing and form fields on top of the file bytes.
const ENVELOPE_BYTES = 1024 * 1024

/** The multipart form, its files streamed to scratch files (the caller disposes them), after the size checks. */
export async function readUploads(c: Context<AppEnv>, context: AppContext): Promise<ParsedForm> {
  const { config } = context
  if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ServiceError('unsupported_media_type', 'Send multipart/form-data with a `file` field.')
  }
  const maxBytes = config.PREFLIGHT_MAX_UPLOAD_BYTES
  const declared = Number(c.req.header('content-length'))
  // A declared length over the limit, or over the whole temp-disk budget, is refused before a byte is read.
  if (declared > maxBytes * config.PREFLIGHT_MAX_ITEMS + ENVELOPE_BYTES) {
    throw new ServiceError('payload_too_large', `Each file may be at most ${maxBytes} bytes.`)
  }
  const budget = context.options.diskBudget
  if (budget && declared > budget.limit + ENVELOPE_BYTES) throw overBudget(budget, declared)
  return parseMultipart(c.req.raw.headers, pacedBody(c, bodyPace(config)), {
    fileBytes: maxBytes,
    files: config.PREFLIGHT_MAX_ITEMS,
    tmpDir: config.PREFLIGHT_TMPDIR,
    budget,
  })
}

/** The upload's own name (no folders, no control characters) is what its fix commands call it. */
export function uploadedMedia(form: ParsedForm): { path: string; name: string }[] {
  return form.files.map((f) => ({
    path: f.path,
    name: basename([...f.name].filter((ch) => ch >= ' ' && ch !== '\u007f').join('')).slice(-200),
  }))
}

export function uploadRoute(context: AppContext) {
  const { config } = context
  return new Hono<AppEnv>().post('/', async (c) => {
    const form = await readUploads(c, context)
    try {
      const request = toRequest(fieldsOf(form), uploadedMedia(form), config.PREFLIGHT_MAX_ITEMS)
      return c.json(await runPreflight(c, request, context))
    } finally {
      await disposeAll(form.scratches)
    }
  })
}

/** Form fields are strings: numbers and JSON are decoded before the shared schema validates them. */
export function fieldsOf(form: ParsedForm) {
  const one = (name: string) => form.fields.get(name)?.at(-1)
  const raw: Record<string, unknown> = {
    targets: (form.fields.get('targets') ?? []).join(','),
    caption: one('caption'),
    spoilerText: one('spoilerText'),
    altText: one('altText'),
    thumbOffsetMs: number(one('thumbOffsetMs')),
    productTags: json(one('productTags')),
    mastodonInstance: one('mastodonInstance'),
    depth: one('depth'),
    title: one('title'),
    xPremium: flag(one('xPremium')),
    tiktokVerifiedPrefixes: form.fields.get('tiktokVerifiedPrefixes')?.join(','),
    tiktokMaxDurationS: number(one('tiktokMaxDurationS')),
  }
  const parsed = postFieldsSchema.safeParse(raw)
  if (!parsed.success) throw fromZod(parsed.error)
  return parsed.data
}

/** `true` and `false` as form fields; anything else is left for the schema to refuse. */
function flag(text: string | undefined): unknown {
  return text === 'true' ? true : text === 'false' ? false : text
}

const number = (text: string | undefined) => (text === undefined ? undefined : Number(text))

function json(text: string | undefined): unknown {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new ServiceError('invalid_field', 'Field "productTags" must be a JSON array.')
  }
}
