// An embedded audit's results: NDJSON appended to a file in the job's folder, readable while it grows.
import { createReadStream } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { createInterface } from 'node:readline'

export class ResultsFile {
  #written = 0
  #chain: Promise<void> = Promise.resolve()

  private constructor(
    readonly path: string,
    readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<ResultsFile> {
    return new ResultsFile(path, await open(path, 'a', 0o600))
  }

  /** Lines are written one after the other; `written` counts only whole lines. */
  append(line: string): Promise<void> {
    const bytes = Buffer.from(`${line}\n`)
    this.#chain = this.#chain.then(async () => {
      await this.handle.write(bytes)
      this.#written += bytes.length
    })
    return this.#chain
  }

  /** The whole lines written so far; what is appended during the read is not included. */
  async *lines(): AsyncIterable<string> {
    const end = this.#written
    if (end === 0) return
    const input = createReadStream(this.path, { start: 0, end: end - 1 })
    yield* createInterface({ input, crlfDelay: Infinity })
  }

  async close(): Promise<void> {
    await this.#chain.catch(() => undefined)
    await this.handle.close().catch(() => undefined)
  }
}
