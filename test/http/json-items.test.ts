// The streaming audit body reader against JSON.parse: the same texts accepted, the same items cut out, whatever
// the chunking; and its bounds on one item.
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../src/errors.js'
import { JsonItems, type JsonItemsLimits } from '../../src/http/json-items.js'

const LIMITS: JsonItemsLimits = {
  maxDepth: 32,
  maxValues: 100_000,
  maxItems: 1000,
  maxItemBytes: 4096,
  maxItemValues: 64,
}

/** The reader's answer: what end() gives, or the code it threw. */
function read(text: string, chunkBytes: number, limits = LIMITS): { body: unknown; items: string[] } | string {
  const bytes = Buffer.from(text)
  const reader = new JsonItems(limits)
  try {
    for (let at = 0; at < bytes.length; at += chunkBytes) reader.feed(bytes.subarray(at, at + chunkBytes))
    return reader.end()
  } catch (error) {
    if (error instanceof ServiceError) return error.code
    throw error
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

const TEXTS = [
  '{"items":[{"url":"https://a.example/x.jpg","targets":["threads"]},{"url":"b"}]}',
  ' \n\t{ "items" : [ 1 , -0.5e+3 , "s\\"\\\\\\u00e9" , true , false , null , [ ] , { } ] } \r\n',
  '{"a":{"items":[1]},"items":[{"items":[2]}],"b":[[["x"]]]}',
  '{"items":[1],"items":"late"}',
  '{"items":"x","items":[3,4]}',
  '{"\\u0069tems":[{"url":"é ✓ 😀"}]}',
  '{"itemsx":[1],"item":[2]}',
  '{"items":[]}',
  '{}',
  '[1,2]',
  '"items"',
  '12',
  '-0',
  '1e5',
  'null',
  'true',
  '{"items":[0]}',
  '{"items":[-1.25E-2,10]}',
  // Not JSON:
  '',
  ' ',
  '{',
  '{"items":[1,]}',
  '{"items":[01]}',
  '{"items":[1.]}',
  '{"items":[.5]}',
  '{"items":[-]}',
  '{"items":[1e]}',
  '{"items":[tru]}',
  '{"items":[nul]}',
  '{"items":["\\x"]}',
  '{"items":["\\u12G4"]}',
  '{"items":["a\nb"]}',
  "{'items':[1]}",
  '{"items" [1]}',
  '{"items":[1]}}',
  '{"items":[1]} x',
  '{"items":[1] "b":2}',
  '{items:[1]}',
  '\ufeff{"items":[1]}',
  '[1}',
  '{"a":1,}',
  '12 13',
  'nulls',
]

describe('JsonItems', () => {
  it.each(TEXTS.map((text) => ({ text })))('agrees with JSON.parse on $text', ({ text }) => {
    for (const chunkBytes of [1, 3, 1 << 16]) {
      const got = read(text, chunkBytes)
      if (!parses(text)) {
        expect(got).toBe('invalid_json')
        continue
      }
      expect(got).not.toBeTypeOf('string')
      const { body, items } = got as { body: unknown; items: string[] }
      const parsed = JSON.parse(text) as unknown
      const realItems = (parsed as { items?: unknown } | null)?.items
      const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      if (isObject && Array.isArray(realItems)) {
        // Each item's text is that element, exactly.
        expect(items.map((t) => JSON.parse(t) as unknown)).toEqual(realItems)
        expect(body).toEqual({ items })
      } else {
        // Anything else is a stand-in of the same JSON type.
        const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)
        const kept = isObject ? (body as { items?: unknown }).items : body
        expect(typeOf(kept)).toBe(typeOf(isObject ? realItems : parsed))
      }
    }
  })

  it('agrees with JSON.parse on 3,000 mutated bodies (seeded)', () => {
    const seed =
      '{"items":[{"url":"https://a.example/p.jpg?X=1&s=\\u00e9","targets":["threads"],"n":-1.5e3},[true,null],"s"]}'
    const alphabet = '{}[]":,\\ -.0123456789eEtrufalsn\n'
    let state = 42
    const random = (n: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31
      return state % n
    }
    let disagreements = 0
    let valid = 0
    for (let n = 0; n < 3000; n++) {
      let text = seed
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length + 1)
        const ch = alphabet[random(alphabet.length)]!
        const op = random(3)
        text =
          op === 0
            ? text.slice(0, at) + text.slice(at + 1)
            : text.slice(0, at) + ch + text.slice(op === 1 ? at : at + 1)
      }
      const got = read(text, 1 + random(8))
      if ((got === 'invalid_json') === parses(text)) disagreements++
      if (parses(text)) valid++
    }
    expect(disagreements).toBe(0)
    expect(valid).toBeGreaterThan(300) // both sides of the line are tried
    expect(valid).toBeLessThan(2700)
  })

  it('refuses an item over its bytes or values with 413, and keeps only maxItems items while counting all', () => {
    const big = `{"items":[{"caption":"${'x'.repeat(5000)}"}]}`
    expect(read(big, 1000)).toBe('payload_too_large')
    const many = `{"items":[[${Array.from({ length: 70 }, () => '1').join(',')}]]}`
    expect(read(many, 7)).toBe('payload_too_large')
    const reader = new JsonItems({ ...LIMITS, maxItems: 2 })
    reader.feed(Buffer.from('{"items":[1,2,3,4]}'))
    const { items, count } = reader.end()
    expect({ items, count }).toEqual({ items: ['1', '2'], count: 4 })
  })

  it('keeps the body-wide depth and value bounds of JsonShape', () => {
    expect(read(`{"items":[${'['.repeat(40)}]}`, 5)).toBe('json_too_deep')
    expect(read(`{"x":[${'1,'.repeat(200)}1]}`, 5, { ...LIMITS, maxValues: 100 })).toBe('payload_too_large')
  })
})
