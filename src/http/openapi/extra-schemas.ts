// Schemas only the API docs need: the multipart form, the targets table, and the batch stream's lines.
import { z } from 'zod'
import { errorSchema, reportSchema } from '../report-schema.js'
import { postFieldsSchema, preflightBodySchema } from '../../request/schemas.js'
import { networkNames } from '../../../platforms/networks.js'
import type { Network } from '../../rule-types.js'

export const uploadFormSchema = postFieldsSchema
  .extend({
    file: z.array(z.file()).min(1).describe('The media, one or more parts named `file`; several make a carousel'),
    targets: z.string().describe('Comma-separated target names, or the field repeated'),
    thumbOffsetMs: z.string().regex(/^\d+$/).optional().describe('Milliseconds, as a form field'),
    productTags: z.string().optional().describe('A JSON array of { productId, x?, y? }'),
    xPremium: z.enum(['true', 'false']).optional().describe('The X account has Premium limits, as a form field'),
    tiktokVerifiedPrefixes: z
      .string()
      .optional()
      .describe('Comma-separated verified domains or URL prefixes, or the field repeated'),
    tiktokMaxDurationS: z.string().regex(/^\d+$/).optional().describe('Seconds, as a form field'),
  })
  .meta({ id: 'UploadForm' })

const limitSchema = z
  .object({
    value: z.unknown().describe("The limit's value: a number, a range, ratios or a list, per rule"),
    unit: z.string().optional(),
    severity: z.enum(['error', 'warning', 'info']),
    platformError: z.string().nullable(),
    action: z.enum(['fix_input', 'retry_later', 'reconnect']).nullable(),
    tiers: z
      .record(z.string(), z.object({}).catchall(z.unknown()).nullable())
      .optional()
      .describe('Labels of other outcomes, by tier'),
    source: z.array(z.object({ key: z.string(), url: z.string(), seen: z.string() })),
    note: z.string().optional(),
    fix: z.string().optional().describe("The platform's own fix, in place of the message's"),
  })
  .meta({ id: 'Limit' })

export const targetsSchema = z
  .record(
    z.string(),
    z.object({
      name: z.string(),
      site: z.string(),
      platform: z.enum(Object.keys(networkNames) as [Network, ...Network[]]),
      network: z.string().describe("The network's friendly name"),
      rules: z.record(z.string(), limitSchema).describe('By rule id; a rule without an entry does not apply'),
    }),
  )
  .describe('Every target by name, with its rules as data')
  .meta({ id: 'Targets' })

export const notReadySchema = z
  .object({ status: z.literal('unavailable'), error: errorSchema.shape.error })
  .meta({ id: 'NotReady' })

export const batchRequestSchema = z
  .object({
    items: z
      .array(preflightBodySchema)
      .min(1)
      .describe(
        'Preflight request bodies, as POST /v1/preflight takes them; at most PREFLIGHT_BATCH_MAX_ITEMS. Each is validated on its own',
      ),
  })
  .meta({ id: 'BatchRequest' })

const index = z.number().int().nonnegative().describe('The item’s position in `items`')

export const batchLineSchema = z
  .union([
    z.object({ index, report: reportSchema }).describe('An item that was checked'),
    z
      .object({
        index,
        error: z.object({
          code: z.string().describe('A contract error code, `aborted` or `internal`'),
          message: z.string(),
        }),
      })
      .describe('A bad item: a failed line, not a failed batch'),
    z
      .object({
        summary: z.object({
          items: z.number().int(),
          ok: z
            .number()
            .int()
            .describe('Items no target fails (a target that does not take the media at all is n/a, not failing)'),
          failed: z.number().int().describe('Items some target that takes the media fails'),
          errors: z.number().int().describe('Items refused as malformed'),
          notApplicable: z
            .number()
            .int()
            .describe(
              'Items some target does not take at all (an image against instagram.reels): its media.kind finding is in the item report',
            ),
          ms: z.number().int(),
        }),
      })
      .describe('The last line'),
  ])
  .describe('One NDJSON line: one per item as it finishes, then a summary')
  .meta({ id: 'BatchLine' })
