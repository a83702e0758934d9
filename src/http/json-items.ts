// A JSON body read as it streams in, in constant memory beside what it keeps: its syntax judged as JSON.parse
// judges it, its shape bounded by JsonShape, and each element of the top-level object's `items` array cut out
// as its own JSON text. Nothing else of the body is kept: never the whole buffer, never a parsed tree.
import { ServiceError } from '../errors.js'
import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COMMA,
  JsonShape,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  type JsonShapeLimits,
} from './json-shape.js'

export interface JsonItemsLimits extends JsonShapeLimits {
  /** Items kept; more are only counted (the caller refuses the body). */
  maxItems: number
  /** One item's bytes, and its values (keys included). */
  maxItemBytes: number
  maxItemValues: number
}

type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null'

/** A value of the same JSON type: what a schema says about it is what it says about the value not kept. */
function standIn(type: JsonType): unknown {
  return { object: {}, array: [], string: '', number: 0, boolean: false, null: null }[type]
}

// Where the reader is: what the next byte may be.
const VALUE = 0 // a value: at the start, after `:`, after `,` in an array
const VALUE_OR_CLOSE = 1 // after `[`
const KEY_OR_CLOSE = 2 // after `{`
const KEY = 3 // after `,` in an object
const COLON = 4
const AFTER = 5 // after a value: `,` or a closing bracket, or only whitespace at the top level
const STRING = 6
const ESCAPE = 7
const HEX = 8
const NUMBER = 9
const LITERAL = 10
const BROKEN = 11 // not JSON: told at the end, as JSON.parse would (size and shape bounds still apply)

// Inside a number (RFC 8259 §6): what came last.
const N_MINUS = 0
const N_ZERO = 1
const N_INT = 2
const N_DOT = 3
const N_FRAC = 4
const N_E = 5
const N_E_SIGN = 6
const N_EXP = 7
const NUMBER_MAY_END = new Set([N_ZERO, N_INT, N_FRAC, N_EXP])

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d])
const ESCAPES = new Set([...'"\\/bfnrtu'].map((ch) => ch.charCodeAt(0)))
const LITERALS = new Map(
  [0x74, 0x66, 0x6e].map((b) => [b, Buffer.from({ 0x74: 'true', 0x66: 'false', 0x6e: 'null' }[b]!)]),
)
// A top-level key longer than this (raw, escapes included) is not "items" however it is escaped.
const MAX_KEY_BYTES = 64

const isDigit = (b: number) => b >= 0x30 && b <= 0x39
const isHex = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)

const itemTooLarge = (what: string) =>
  new ServiceError('payload_too_large', `An audit item may hold at most ${what}, as a POST /v1/preflight body.`)

export class JsonItems {
  readonly #shape: JsonShape
  #state = VALUE
  /** Open arrays (true) and objects (false), outermost first. */
  readonly #stack: boolean[] = []
  #number = N_MINUS
  #literal: Buffer | null = null
  #literalAt = 0
  #hex = 0
  #stringIsKey = false
  #topType: JsonType | null = null
  /** A top-level key being read (raw bytes), and whether the member being read is `items`. */
  #key: number[] | null = null
  #memberIsItems = false
  #itemsType: JsonType | null = null
  #inItems = false
  #texts: string[] = []
  #count = 0
  /** The item being cut: its bytes from earlier chunks, where it starts in this one, its size so far. */
  #itemParts: Buffer[] | null = null
  #itemFrom = 0
  #itemBytes = 0
  #itemValues = 0

  constructor(readonly limits: JsonItemsLimits) {
    this.#shape = new JsonShape(limits)
  }

  /** Items seen so far (kept or not). */
  get count(): number {
    return this.#count
  }

  /** Throws the contract's error at the first byte past a size or shape bound. */
  feed(chunk: Buffer): void {
    this.#shape.feed(chunk)
    for (let i = 0; i < chunk.length && this.#state !== BROKEN; i++) {
      const b = chunk[i] as number
      switch (this.#state) {
        case STRING: {
          // Most of a body is string bytes: they are skipped in a tight loop (a top-level key's are kept).
          let end = i
          while (
            end < chunk.length &&
            (chunk[end] as number) >= 0x20 &&
            chunk[end] !== QUOTE &&
            chunk[end] !== BACKSLASH
          )
            end++
          for (let k = i; k < end && this.#key !== null; k++) this.#keyByte(chunk[k] as number)
          if (end === chunk.length) return this.#keepItemPart(chunk)
          i = end
          const special = chunk[end] as number
          if (special === QUOTE) this.#endString(chunk, i)
          else if (special < 0x20) this.#state = BROKEN
          else {
            this.#state = ESCAPE
            this.#keyByte(special)
          }
          break
        }
        case ESCAPE:
          this.#state = !ESCAPES.has(b) ? BROKEN : b === 0x75 ? HEX : STRING
          this.#hex = 0
          this.#keyByte(b)
          break
        case HEX:
          if (!isHex(b)) this.#state = BROKEN
          else if (++this.#hex === 4) this.#state = STRING
          this.#keyByte(b)
          break
        case NUMBER:
          if (!this.#numberByte(b)) {
            if (!NUMBER_MAY_END.has(this.#number)) this.#state = BROKEN
            else {
              this.#endValue(chunk, i)
              i-- // the byte after the number is read again, as what follows a value
            }
          }
          break
        case LITERAL:
          if (b !== this.#literal![this.#literalAt]) this.#state = BROKEN
          else if (++this.#literalAt === this.#literal!.length) this.#endValue(chunk, i + 1)
          break
        default:
          if (!WHITESPACE.has(b)) this.#structural(b, chunk, i)
      }
    }
    this.#keepItemPart(chunk)
  }

  /** At a chunk's end: the part of an item still being read is kept until its end. */
  #keepItemPart(chunk: Buffer): void {
    if (!this.#itemParts || this.#state === BROKEN) return
    this.#itemParts.push(chunk.subarray(this.#itemFrom))
    this.#itemBytes += chunk.length - this.#itemFrom
    this.#itemFrom = 0
    if (this.#itemBytes > this.limits.maxItemBytes) throw itemTooLarge(`${this.limits.maxItemBytes} bytes`)
  }

  /**
   * After the last chunk: the body as a schema sees it (each kept item as its JSON text, any other value not
   * kept as a stand-in of its JSON type) and the item texts. Not JSON: `invalid_json`, as JSON.parse says.
   */
  end(): { body: unknown; items: string[]; count: number } {
    if (this.#state === NUMBER && NUMBER_MAY_END.has(this.#number) && this.#stack.length === 0) this.#state = AFTER
    if (this.#state !== AFTER || this.#stack.length > 0 || this.#topType === null) {
      throw new ServiceError('invalid_json', 'The body is not valid JSON.')
    }
    if (this.#topType !== 'object') return { body: standIn(this.#topType), items: [], count: 0 }
    if (this.#itemsType === null) return { body: {}, items: [], count: 0 }
    const items = this.#itemsType === 'array' ? this.#texts : standIn(this.#itemsType)
    return { body: { items }, items: this.#texts, count: this.#count }
  }

  /** A byte outside strings, numbers and literals. */
  #structural(b: number, chunk: Buffer, i: number): void {
    const inArray = this.#stack.at(-1)
    switch (this.#state) {
      case VALUE:
        return this.#startValue(b, i)
      case VALUE_OR_CLOSE:
        return b === CLOSE_ARRAY ? this.#close(chunk, i) : this.#startValue(b, i)
      case KEY_OR_CLOSE:
        return b === CLOSE_OBJECT ? this.#close(chunk, i) : this.#startKey(b)
      case KEY:
        return this.#startKey(b)
      case COLON:
        this.#state = b === 0x3a ? VALUE : BROKEN
        return
      case AFTER:
        if (inArray === undefined) this.#state = BROKEN
        else if (b === COMMA) this.#state = inArray ? VALUE : KEY
        else if (b === (inArray ? CLOSE_ARRAY : CLOSE_OBJECT)) this.#close(chunk, i)
        else this.#state = BROKEN
    }
  }

  #startKey(b: number): void {
    if (b !== QUOTE) return void (this.#state = BROKEN)
    this.#state = STRING
    this.#stringIsKey = true
    if (this.#stack.length === 1) this.#key = []
    this.#countItemValue()
  }

  #startValue(b: number, i: number): void {
    const type =
      b === OPEN_OBJECT ? 'object' : b === OPEN_ARRAY ? 'array' : b === QUOTE ? 'string' : this.#scalarType(b)
    if (type === null) return void (this.#state = BROKEN)
    const depth = this.#stack.length
    if (depth === 0) this.#topType = type
    if (depth === 1 && this.#memberIsItems) {
      // A repeated key: the last one wins, as in JSON.parse.
      this.#itemsType = type
      this.#texts = []
      this.#count = 0
    }
    if (depth === 2 && this.#inItems) {
      this.#itemParts = []
      this.#itemFrom = i
      this.#itemBytes = 0
      this.#itemValues = 0
    }
    this.#countItemValue()
    if (type === 'object' || type === 'array') {
      if (depth === 1 && this.#memberIsItems && type === 'array') this.#inItems = true
      this.#stack.push(type === 'array')
      this.#state = type === 'array' ? VALUE_OR_CLOSE : KEY_OR_CLOSE
    } else if (type === 'string') {
      this.#state = STRING
      this.#stringIsKey = false
    } else if (type === 'number') {
      this.#state = NUMBER
      this.#number = b === 0x2d ? N_MINUS : b === 0x30 ? N_ZERO : N_INT
    } else {
      this.#state = LITERAL
      this.#literal = LITERALS.get(b)!
      this.#literalAt = 1
    }
  }

  #scalarType(b: number): JsonType | null {
    if (b === 0x2d || isDigit(b)) return 'number'
    if (b === 0x6e) return 'null'
    return b === 0x74 || b === 0x66 ? 'boolean' : null
  }

  /** Whether `b` continues the number; moves its state along. */
  #numberByte(b: number): boolean {
    const digit = isDigit(b)
    const next = ((): number | null => {
      switch (this.#number) {
        case N_MINUS:
          return b === 0x30 ? N_ZERO : digit ? N_INT : null
        case N_ZERO:
        case N_INT:
          if (digit) return this.#number === N_INT ? N_INT : null
          return b === 0x2e ? N_DOT : b === 0x65 || b === 0x45 ? N_E : null
        case N_DOT:
        case N_FRAC:
          if (digit) return N_FRAC
          return this.#number === N_FRAC && (b === 0x65 || b === 0x45) ? N_E : null
        case N_E:
          return b === 0x2b || b === 0x2d ? N_E_SIGN : digit ? N_EXP : null
        default:
          return digit ? N_EXP : null
      }
    })()
    if (next === null) return false
    this.#number = next
    return true
  }

  #endString(chunk: Buffer, i: number): void {
    if (!this.#stringIsKey) return this.#endValue(chunk, i + 1)
    this.#state = COLON
    if (this.#stack.length === 1) {
      this.#memberIsItems = this.#key !== null && keyText(this.#key) === 'items'
      this.#key = null
    }
  }

  #close(chunk: Buffer, i: number): void {
    this.#stack.pop()
    if (this.#stack.length === 1) this.#inItems = false
    this.#endValue(chunk, i + 1)
  }

  /** A value ended just before `end`: an element of `items` is cut out. */
  #endValue(chunk: Buffer, end: number): void {
    this.#state = AFTER
    if (!this.#itemParts || this.#stack.length !== 2) return
    const parts = this.#itemParts
    this.#itemParts = null
    if (this.#itemBytes + end - this.#itemFrom > this.limits.maxItemBytes) {
      throw itemTooLarge(`${this.limits.maxItemBytes} bytes`)
    }
    if (++this.#count > this.limits.maxItems) return
    // Most items lie in one chunk: decoded from it directly, without a Buffer view per item.
    if (parts.length === 0) return void this.#texts.push(chunk.toString('utf8', this.#itemFrom, end))
    parts.push(chunk.subarray(this.#itemFrom, end))
    this.#texts.push(Buffer.concat(parts).toString('utf8'))
  }

  #keyByte(b: number): void {
    if (this.#key === null) return
    if (this.#key.length < MAX_KEY_BYTES) this.#key.push(b)
    else this.#key = null
  }

  #countItemValue(): void {
    if (this.#itemParts && ++this.#itemValues > this.limits.maxItemValues) {
      throw itemTooLarge(`${this.limits.maxItemValues} values`)
    }
  }
}

/** A top-level key's text; its raw bytes are already known to be a well-formed JSON string's. */
function keyText(raw: number[]): string {
  const text = Buffer.from(raw).toString('utf8')
  return text.includes('\\') ? (JSON.parse(`"${text}"`) as string) : text
}
