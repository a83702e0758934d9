// `preflight check`: one post of one or more files or URLs, against the given targets.
import { createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import type { Config } from '../config.js'
import { ServiceError } from '../errors.js'
import { fromZod, toRequest } from '../request/parse.js'
import { postFieldsSchema } from '../request/schemas.js'
import type { MediaInput } from '../pipeline/acquire.js'
import { readMediaUrl } from '../fetch/http-url.js'
import { preflight, type PreflightRequest } from '../pipeline/preflight.js'
import { preflightOptions } from '../pipeline/options.js'
import { createScratch, type Scratch } from '../services/temp-file.js'
import { useColour } from './colour.js'
import { formatReport } from './format.js'
import { UsageError } from './usage.js'

export async function check(
  argv: string[],
  config: Config,
  out: NodeJS.WriteStream,
  stdin?: Readable,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: POST_OPTIONS,
  })
  // Standard input lands in a scratch file of its own, removed on every way out.
  await using stdinScratch = positionals.includes('-') ? await saveStdin(stdin) : null
  const request = await requestFrom(positionals, values, config, stdinScratch)
  const report = await preflight(request, preflightOptions(config))
  out.write(
    values.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${formatReport(
          report,
          positionals.map((p) => (p === '-' ? '(standard input)' : p)),
          useColour(out),
        )}\n`,
  )
  return report.ok ? 0 : 1
}

/** The options of one post, shared by check and fix. */
export const POST_OPTIONS = {
  targets: { type: 'string', short: 't' },
  json: { type: 'boolean', default: false },
  caption: { type: 'string' },
  'spoiler-text': { type: 'string' },
  'alt-text': { type: 'string' },
  'thumb-offset-ms': { type: 'string' },
  'product-tags': { type: 'string' },
  'mastodon-instance': { type: 'string' },
  depth: { type: 'string' },
  title: { type: 'string' },
  'x-premium': { type: 'boolean' },
  'tiktok-verified-prefixes': { type: 'string' },
  'tiktok-max-duration-s': { type: 'string' },
} as const

type PostValues = {
  [K in keyof typeof POST_OPTIONS]?: (typeof POST_OPTIONS)[K]['type'] extends 'string' ? string : boolean
}

/** The request of one post: its files, URLs or standard input (already in `stdinScratch`), targets and post fields. */
export async function requestFrom(
  positionals: readonly string[],
  values: PostValues,
  config: Config,
  stdinScratch: Scratch | null,
): Promise<PreflightRequest> {
  if (positionals.length === 0) throw new UsageError('Give at least one file or URL.')
  if (!values.targets) throw new UsageError('--targets is required.')
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('Standard input (-) can be one item only.')
  const media = await Promise.all(
    positionals.map((arg) => (arg === '-' ? { path: stdinScratch!.path, name: 'stdin' } : mediaInput(arg))),
  )
  const parsed = postFieldsSchema.safeParse({
    targets: values.targets,
    caption: values.caption,
    spoilerText: values['spoiler-text'],
    altText: values['alt-text'],
    thumbOffsetMs: values['thumb-offset-ms'] === undefined ? undefined : Number(values['thumb-offset-ms']),
    productTags: values['product-tags'] === undefined ? undefined : jsonArg('--product-tags', values['product-tags']),
    mastodonInstance: values['mastodon-instance'],
    title: values.title,
    xPremium: values['x-premium'],
    depth: values.depth,
    tiktokVerifiedPrefixes: values['tiktok-verified-prefixes'],
    tiktokMaxDurationS:
      values['tiktok-max-duration-s'] === undefined ? undefined : Number(values['tiktok-max-duration-s']),
  })
  try {
    if (!parsed.success) throw fromZod(parsed.error)
    return toRequest(parsed.data, media, config.PREFLIGHT_MAX_ITEMS)
  } catch (error) {
    if (error instanceof ServiceError) throw new UsageError(error.message)
    throw error
  }
}

function jsonArg(name: string, text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`${name} must be JSON, e.g. '[{"productId":"123","x":0.5,"y":0.5}]'.`)
  }
}

async function mediaInput(arg: string): Promise<MediaInput> {
  if (/^https?:\/\//i.test(arg)) return { url: readMediaUrl(arg) } // one that does not parse is reported unfetchable
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg))
    throw new UsageError(`Only http(s) URLs and local files can be checked: ${arg}`)
  const path = resolve(arg)
  const info = await stat(path).catch(() => null)
  if (info?.isDirectory())
    throw new UsageError(
      `${arg} is a folder: to check every file in it, use preflight audit ${JSON.stringify(arg)} --targets ... --out report.html`,
    )
  if (!info?.isFile()) throw new UsageError(`No such file: ${arg}`)
  return { path, name: arg }
}

/** Standard input streamed to a scratch file (never held in memory); refused when it is a terminal. */
export async function saveStdin(stdin: Readable | undefined): Promise<Scratch> {
  if (!stdin || (stdin as { isTTY?: boolean }).isTTY)
    throw new UsageError(
      '- reads the media from standard input: pipe a file in, e.g. preflight check - --targets threads < clip.mp4',
    )
  const scratch = await createScratch()
  try {
    await pipeline(stdin, createWriteStream(scratch.path))
    return scratch
  } catch (error) {
    await scratch[Symbol.asyncDispose]()
    throw error
  }
}
