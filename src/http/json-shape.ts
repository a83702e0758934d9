// A byte scanner that bounds a JSON text's shape as it streams in, in constant memory: how deep its arrays
// and objects nest, and how many values it holds. Not a validator: JSON.parse still judges the syntax.
import { ServiceError } from '../errors.js'

export interface JsonShapeLimits {
  /** Arrays and objects inside one another. */
  maxDepth: number
  /** Opening brackets, strings (keys included) and commas: an upper bound on the values JSON.parse would build. */
  maxValues: number
}

// JSON's structural bytes, named once for both scanners (this one and json-items.ts).
export const QUOTE = 0x22
export const BACKSLASH = 0x5c
export const COMMA = 0x2c
export const OPEN_ARRAY = 0x5b
export const OPEN_OBJECT = 0x7b
export const CLOSE_ARRAY = 0x5d
export const CLOSE_OBJECT = 0x7d

export class JsonShape {
  #depth = 0
  #values = 0
  #inString = false
  #escaped = false

  constructor(readonly limits: JsonShapeLimits) {}

  /** Throws the contract's error at the first byte past a limit. */
  feed(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false
        else if (byte === BACKSLASH) this.#escaped = true
        else if (byte === QUOTE) this.#inString = false
        continue
      }
      if (byte === QUOTE) {
        this.#inString = true
        this.#count()
      } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        if (++this.#depth > this.limits.maxDepth) {
          throw new ServiceError(
            'json_too_deep',
            `The JSON body may nest arrays and objects at most ${this.limits.maxDepth} deep.`,
          )
        }
        this.#count()
      } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
        this.#depth--
      } else if (byte === COMMA) {
        this.#count()
      }
    }
  }

  #count(): void {
    if (++this.#values > this.limits.maxValues) {
      throw new ServiceError('payload_too_large', `The JSON body may hold at most ${this.limits.maxValues} values.`)
    }
  }
}
