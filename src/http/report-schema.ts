// Response schemas (zod): the report, errors and the small routes, as documented in /openapi.json.
import { z } from 'zod'
import { SERVICE_ERROR_CODES } from '../errors.js'
import { messages } from '../messages/index.js'
import type { RuleId } from '../rule-types.js'
import { TARGET_NAMES } from '../../platforms/targets.js'

const RULE_IDS = Object.keys(messages) as [RuleId, ...RuleId[]]
const count = z.number().int().nonnegative()

export const targetNameSchema = z.enum(TARGET_NAMES as [string, ...string[]]).meta({ id: 'TargetName' })

export const sourceFactsSchema = z
  .object({
    url: z.string(),
    finalUrl: z.string().describe('After redirects'),
    redirects: z.array(z.object({ status: z.number().int(), from: z.string(), to: z.string() })),
    status: z.number().int().nullable().describe('Status of the response whose body was read; null when none came'),
    contentType: z.string().nullable(),
    contentLength: count
      .nullable()
      .describe("The whole file's length: Content-Length, or the total of a Content-Range"),
    bytes: count.describe('Bytes read from the body (at most the read cap; with depth "quick", only what was read)'),
    ttfbMs: z.number().nullable(),
    downloadMs: z.number().nullable(),
    probeStatus: z.number().int().nullable().describe("Status of Meta's Range probe (Range: bytes=0-524288)"),
    acceptRanges: z.string().nullable(),
    cacheControl: z.string().nullable(),
    etag: z.string().nullable(),
    lastModified: z.string().nullable(),
    throughputBps: z.number().nullable().describe('Body bytes per second; null when too short to measure'),
    servedTo: z
      .enum(['crawler', 'browser'])
      .describe("Whose request got the judged bytes: Meta's crawler, or a browser after the crawler was refused"),
    unverified: z
      .array(z.string())
      .describe('What depth "quick" did not verify, in words; empty after a full download'),
  })
  .describe('How the media URL answered; null for uploads and local files')
  .meta({ id: 'SourceFacts' })

export const imageFactsSchema = z
  .object({
    format: z.string().describe("sharp's format name: jpeg, png, webp, gif, heif, avif, tiff, ..."),
    animated: z.boolean(),
    frames: count,
    colorSpace: z.string().describe("sharp's interpretation: srgb, cmyk, b-w, rgb16, ..."),
    iccProfile: z.string().nullable().describe('Description of the embedded ICC profile'),
    orientation: z.number().int().min(1).max(8).describe('EXIF orientation (1 when absent)'),
    hasAlpha: z.boolean(),
    multiPicture: z.enum(['none', 'stereo', 'other']).describe('JPEG Multi-Picture Format content'),
    decoded: z
      .enum(['whole', 'structure', 'skipped', 'refused'])
      .describe(
        'What was checked: the whole file (every frame decoded; an APNG\'s later frames by their chunks and CRCs), only the container structure (no decoder: HEVC HEIC), nothing (depth "quick" or a file cut at the read cap), or refused (too many pixels or too slow; see media.corrupt)',
      ),
  })
  .meta({ id: 'ImageFacts' })

export const videoStreamSchema = z
  .object({
    codec: z.string().describe("ffprobe's codec name: h264, hevc, vp9, ..."),
    profile: z.string().nullable(),
    pixFmt: z.string().nullable(),
    chroma: z
      .string()
      .nullable()
      .describe('4:2:0, 4:2:2, 4:4:4, 4:1:1, rgb, mono; null when the pixel format is unknown'),
    bitDepth: z.number().int().nullable(),
    fps: z.number().nullable().describe('Average frame rate (2 decimals), else frames / duration'),
    realFps: z.number().nullable().describe("The stream's base rate (r_frame_rate); differs from fps when variable"),
    variableFrameRate: z.boolean(),
    bitrate: z.number().nullable().describe("Bit/s: the stream's own value, else computed from size and duration"),
    bitrateComputed: z.boolean(),
    interlaced: z.boolean(),
    fieldOrder: z
      .string()
      .nullable()
      .describe("ffprobe's field order: progressive, tt, bb, tb, bt; null when not signalled"),
    sampleAspect: z
      .object({ num: z.number().int(), den: z.number().int() })
      .describe('Sample (pixel) aspect ratio; 1:1 when square or not signalled'),
    colorTransfer: z.string().nullable().describe('bt709, smpte2084 (PQ), arib-std-b67 (HLG), ...'),
    colorPrimaries: z.string().nullable().describe('bt709, bt2020, ...'),
    colorRange: z.string().nullable().describe('tv or pc'),
  })
  .meta({ id: 'VideoStreamFacts' })

export const audioStreamSchema = z
  .object({
    codec: z.string().describe("ffprobe's codec name: aac, mp3, opus, ..."),
    profile: z.string().nullable().describe('AAC profile (LC, HE-AAC, HE-AACv2, ...); null when the codec has none'),
    sampleRate: z.number().nullable(),
    channels: z.number().int().nullable(),
    bitrate: z.number().nullable(),
  })
  .meta({ id: 'AudioStreamFacts' })

export const editListSchema = z
  .object({
    track: z.number().int().describe("The track's position in moov, from 1"),
    handler: z.string().nullable().describe('vide, soun, ... from the hdlr box'),
    timescale: z.number().int().nullable().describe("Ticks per second of the track's media time (mdhd)"),
    entries: count,
    emptyEdits: count.describe('Entries with media time -1: a gap before the track plays'),
    firstMediaTime: z.number().nullable().describe('Media time of the first non-empty entry, in timescale ticks'),
  })
  .meta({ id: 'EditListFacts' })

export const mediaFactsSchema = z
  .object({
    kind: z.enum(['image', 'video', 'audio', 'unknown']),
    mime: z.string().nullable().describe('Sniffed from the bytes, never from headers or the name'),
    container: z.string().nullable(),
    sizeBytes: count,
    width: count.nullable().describe('Displayed width, after EXIF orientation or video rotation'),
    height: count.nullable().describe('Displayed height'),
    codedWidth: count.nullable().describe('Width as stored'),
    codedHeight: count.nullable().describe('Height as stored'),
    rotation: z.number().int().describe('Clockwise display rotation in degrees'),
    durationS: z.number().nullable(),
    video: videoStreamSchema.nullable(),
    audio: audioStreamSchema.nullable(),
    image: imageFactsSchema.nullable(),
    moovAtFront: z.boolean().nullable().describe('MP4/QuickTime: whether moov precedes mdat'),
    editLists: z
      .array(editListSchema)
      .nullable()
      .describe('MP4/QuickTime: the tracks that carry an edit list; null for other containers'),
    corrupt: z.string().nullable().describe('Why the bytes could not be decoded'),
    unverified: z
      .array(z.string())
      .describe(
        'What was not proved about the media data, in words: a stream the bundled decoders cannot read, or no decoding at depth "quick"',
      ),
  })
  .describe('Probed facts; null when nothing could be read')
  .meta({ id: 'MediaFacts' })

export const findingSchema = z
  .object({
    item: count.optional().describe('Media index; absent on post-level findings'),
    rule: z.enum(RULE_IDS).describe('Stable rule id (docs/rules.md)'),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string(),
    expected: z.string().nullable(),
    actual: z.union([z.string(), z.number()]).nullable(),
    fix: z.string().nullable().describe('What to do: a command or the exact target size'),
    platformError: z
      .string()
      .nullable()
      .describe('What the platform would answer: Instagram subcode, Threads error name or Mastodon HTTP status'),
    action: z.enum(['fix_input', 'retry_later', 'reconnect']).nullable(),
    source: z
      .array(z.object({ key: z.string(), url: z.string(), seen: z.string() }))
      .readonly()
      .describe('The documents the limit was read from'),
    note: z.string().optional().describe('What is uncertain about the limit'),
    command: z
      .string()
      .optional()
      .describe(
        "The runnable part of `fix` (ffmpeg or ImageMagick), naming the item's file and its fixed copy; absent when the fix is prose",
      ),
    detail: z
      .string()
      .optional()
      .describe('Technical detail behind the message (e.g. the network error as the system reported it)'),
  })
  .meta({ id: 'Finding' })

export const instanceLimitsSchema = z
  .object({
    url: z.string().describe('The instance origin whose GET /api/v2/instance (or v1) was read'),
    version: z.string().nullable().describe('The version the instance reports'),
    release: z
      .string()
      .nullable()
      .describe(
        "The release read from version (4.3.0 from 4.3.0+glitch) whose version-dependent rules apply; null: no readable version, the latest release's rules apply",
      ),
    limits: z
      .enum(['instance', 'defaults'])
      .describe(
        'instance: at least one configuration limit came from it; defaults: none could be read (post.instance_limits)',
      ),
    fromInstance: z
      .array(
        z.object({
          field: z.string().describe('configuration field, or `version`'),
          rule: z.enum(RULE_IDS),
          value: z.unknown(),
        }),
      )
      .describe("Each limit the instance replaced: a configuration field, or its version (that release's rule)"),
  })
  .describe('Mastodon with mastodonInstance: which limits came from the instance')
  .meta({ id: 'InstanceLimits' })

export const targetResultSchema = z
  .object({
    target: targetNameSchema,
    verdict: z.enum(['pass', 'warn', 'fail']).describe('fail: an error finding; warn: only warnings; pass otherwise'),
    findings: z.array(findingSchema),
    fixes: z
      .array(
        z.object({
          item: count,
          command: z.string().describe("Names the item's file and its fixed copy (`<name>.fixed.mp4`)"),
          cutsS: z
            .number()
            .optional()
            .describe('Seconds the command cuts off the end (it trims to the limit); absent when it cuts nothing'),
        }),
      )
      .describe(
        'Per video item that fails: one ffmpeg command curing all its failing video and audio rules; each finding it cures carries it as its fix',
      ),
    instance: instanceLimitsSchema.optional(),
  })
  .meta({ id: 'TargetResult' })

export const itemReportSchema = z
  .object({
    index: count,
    source: sourceFactsSchema.nullable(),
    media: mediaFactsSchema.nullable(),
    cache: z
      .enum(['hit', 'miss', 'bypass'])
      .describe(
        'Probed facts from the probe cache (hit), probed and cached (miss), or the cache was off or not asked (bypass)',
      ),
  })
  .meta({ id: 'ItemReport' })

export const reportSchema = z
  .object({
    ok: z.boolean().describe('True when no target fails'),
    items: z.array(itemReportSchema),
    results: z.array(targetResultSchema),
  })
  .meta({ id: 'Report' })

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum([...SERVICE_ERROR_CODES, 'internal']),
      message: z.string(),
    }),
  })
  .meta({ id: 'Error' })

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' })
export const readySchema = z
  .object({
    status: z.literal('ready'),
    ffprobe: z.string().describe('ffprobe version'),
    fixing: z
      .object({
        available: z.boolean().describe('Whether POST /v1/fix can make outputs: ffmpeg runs and has libx264 and aac'),
        ffmpeg: z.string().nullable().describe('ffmpeg version, null when it does not run'),
        missing: z.array(z.string()).describe('What fixing lacks, when it is not available'),
      })
      .describe('Fixing does not make the service unready: checks run without ffmpeg'),
  })
  .meta({ id: 'Ready' })
