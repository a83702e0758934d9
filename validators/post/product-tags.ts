// post.product_tags: count, duplicates and positions; the post's tags go to every image and video item.
import type { ProductTag } from '../../src/facts.js'
import type { Check, PostFinding } from '../../src/rule-types.js'

type Finding = PostFinding<'post.product_tags'>

const hasPosition = (tag: ProductTag) => tag.x !== undefined || tag.y !== undefined
const inUnit = (n: number | undefined) => n === undefined || (n >= 0 && n <= 1)
const ids = (tags: readonly ProductTag[]) => [...new Set(tags.map((t) => t.productId))]

export const productTags: Check<'post.product_tags'> = ({ items, post }, { value }) => {
  const tags = post.productTags ?? []
  if (tags.length === 0) return []
  const finding = (problem: Finding['args']['problem'], offending: readonly ProductTag[], item?: number): Finding => ({
    rule: 'post.product_tags',
    args: { problem, count: offending.length, productIds: ids(offending) },
    ...(problem === 'count' ? {} : { tier: problem }),
    ...(item === undefined ? {} : { item }),
  })
  if ('sent' in value) return [finding('count', tags)]
  const found: Finding[] = []
  if (tags.length > value.max) found.push(finding('count', tags))
  const duplicates = tags.filter((t, i) => tags.findIndex((u) => u.productId === t.productId) !== i)
  if (duplicates.length > 0) found.push(finding('duplicate', duplicates))
  const outside = tags.filter((t) => !inUnit(t.x) || !inUnit(t.y))
  if (outside.length > 0) found.push(finding('out_of_range', outside))
  // Photos need both coordinates (2207036); videos take none (2207035).
  const unplaced = tags.filter((t) => t.x === undefined || t.y === undefined)
  const placed = tags.filter(hasPosition)
  items.forEach((media, item) => {
    if (media?.kind === 'image' && unplaced.length > 0) found.push(finding('position_missing', unplaced, item))
    if (media?.kind === 'video' && placed.length > 0) found.push(finding('position_on_video', placed, item))
  })
  return found
}
