// Schemas of the job routes for the API docs: the audit request, the upload form of a fix, and a job.
import { z } from 'zod'
import { preflightBodySchema } from '../../request/schemas.js'
import { fixFieldsSchema } from '../../request/fix-schemas.js'
import { reportSchema } from '../report-schema.js'
import { uploadFormSchema } from './extra-schemas.js'

export const auditRequestSchema = z
  .object({
    items: z
      .array(preflightBodySchema)
      .min(1)
      .describe(
        'Preflight request bodies, as POST /v1/preflight takes them; at most PREFLIGHT_AUDIT_MAX_ITEMS. Each is validated when it runs: a bad one is an error line',
      ),
  })
  .meta({ id: 'AuditRequest' })

export const fixFormSchema = uploadFormSchema
  .extend({
    strategy: fixFieldsSchema.shape.strategy,
    allowTrim: z.enum(['true', 'false']).optional().describe('As a form field; default false'),
  })
  .meta({ id: 'FixForm' })

const time = z.string().describe('ISO 8601')

export const jobSchema = z
  .object({
    id: z.string().describe('A UUID'),
    kind: z.enum(['audit', 'fix']),
    state: z.enum(['queued', 'active', 'done', 'failed', 'cancelled']),
    progress: z.object({
      done: z.number().int().describe('Audit: items whose result is stored; fix: as the fixer reports it'),
      total: z.number().int(),
    }),
    createdAt: time,
    startedAt: time.nullable(),
    finishedAt: time.nullable(),
    result: z
      .union([
        z.object({ summary: z.object({}).catchall(z.unknown()).describe('As the last line of /results') }),
        z.object({
          before: reportSchema,
          after: reportSchema.describe('The preflight of the outputs against the same targets'),
          outputs: z.array(
            z.object({
              item: z.number().int(),
              targets: z.array(z.string()),
              mime: z.string(),
              bytes: z.number().int(),
              href: z.string().describe('GET it for the file'),
              commands: z.array(z.string()).describe('The ffmpeg or sharp steps that were run'),
              region: z
                .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
                .optional()
                .describe(
                  "Images padded or cropped: the output's frame on the source picture, in its displayed pixels",
                ),
            }),
          ),
          remaining: z
            .array(
              z.object({
                item: z.number().int(),
                target: z.string(),
                reason: z.enum(['fetch', 'no_media', 'corrupt', 'kind', 'trim_not_allowed', 'not_cured']),
                message: z.string(),
              }),
            )
            .optional()
            .describe('What fixing could not cure, and why'),
        }),
      ])
      .nullable()
      .describe('Null until done: an audit its summary, a fix its before and after reports and outputs'),
    error: z.object({ code: z.string(), message: z.string() }).nullable().describe('Why a failed job failed'),
    links: z.object({ self: z.string(), results: z.string(), events: z.string() }),
  })
  .meta({ id: 'Job' })
