// POST /v1/fix: the preflight request plus how to fix (CONTRACT.md "Fixing").
import { z } from 'zod'
import { preflightBodySchema } from './schemas.js'

export const fixFieldsSchema = z.object({
  strategy: z
    .enum(['pad', 'crop'])
    .default('pad')
    .describe(
      'pad: fit inside the allowed aspect ratio on a blurred or solid background; crop: fill it, cropping around the region of interest',
    ),
  allowTrim: z
    .boolean()
    .default(false)
    .describe(
      'A video longer than a target allows is trimmed only when true; otherwise that target stays failing and says why',
    ),
})

export const fixBodySchema = preflightBodySchema.extend(fixFieldsSchema.shape).meta({ id: 'FixRequest' })
