// Request schemas (zod): the one definition that validates requests and, later, documents them.
import { z } from 'zod'

const stringList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
const targetList = stringList

export const productTagSchema = z
  .object({
    productId: z.string().min(1),
    x: z.number().optional(),
    y: z.number().optional(),
  })
  .meta({ id: 'ProductTag' })

/** The post fields, shared by the JSON and the multipart routes. */
export const postFieldsSchema = z.object({
  targets: targetList.describe('Target names, at least one (array, or a comma-separated string)'),
  caption: z.string().max(100_000).optional(),
  spoilerText: z
    .string()
    .max(100_000)
    .optional()
    .describe(
      "Mastodon's content warning (spoiler_text): counted with the caption toward max_characters; no other target reads it",
    ),
  altText: z.string().max(100_000).optional(),
  thumbOffsetMs: z.number().optional(),
  productTags: z.array(productTagSchema).max(100).optional(),
  mastodonInstance: z.string().max(2048).optional(),
  title: z.string().max(100_000).optional().describe('The post title: TikTok photo title, YouTube and Pinterest title'),
  xPremium: z.boolean().optional().describe('The X account has Premium limits (longer and larger videos)'),
  tiktokVerifiedPrefixes: stringList
    .pipe(z.array(z.string().min(1).max(2048)).max(100))
    .optional()
    .describe(
      "The TikTok app's verified domains (example.com) or URL prefixes (https://example.com/media/), array or comma-separated; without it, URL ownership is only noted",
    ),
  tiktokMaxDurationS: z
    .number()
    .int()
    .min(1)
    .max(86_400)
    .optional()
    .describe("The TikTok creator's max_video_post_duration_sec from creator_info/query"),
  depth: z.enum(['full', 'quick']).optional().describe('quick may read only what the checks need'),
})

export const mediaItemSchema = z.object({ url: z.string().max(8192) }).meta({ id: 'MediaItem' })

export const preflightBodySchema = postFieldsSchema
  .extend({
    url: z.string().max(8192).optional().describe('Shorthand for media: [{ url }]'),
    media: z.array(mediaItemSchema).optional().describe('Several items make a carousel'),
  })
  .meta({ id: 'PreflightRequest' })

export type PreflightBody = z.infer<typeof preflightBodySchema>
export type PostFields = z.infer<typeof postFieldsSchema>

/** Each item is validated on its own, so one malformed item is one error line, not a failed batch. */
export const batchBodySchema = z.object({
  items: z.array(z.unknown()).min(1).describe('Preflight request bodies, as POST /v1/preflight takes them'),
})
