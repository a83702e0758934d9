// The import-cycle check CI runs (scripts/check-cycles.mjs): it passes on this tree and fails on a made-up cycle.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { PACKAGE_ROOT } from '../src/services/package-files.js'

const SCRIPT = join(PACKAGE_ROOT, 'scripts', 'check-cycles.mjs')
const run = (root?: string) =>
  promisify(execFile)(process.execPath, root ? [SCRIPT, root] : [SCRIPT], { timeout: 30_000 }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  )

describe('import cycles', () => {
  const made: string[] = []
  afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))))

  it('finds none in src/, validators/ and platforms/', async () => {
    const result = await run()
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it('names a cycle, type-only imports included, and fails', async () => {
    const root = await mkdtemp(join(tmpdir(), 'preflight-cycles-'))
    made.push(root)
    await mkdir(join(root, 'src', 'inner'), { recursive: true })
    await writeFile(join(root, 'src', 'a.ts'), "import type { B } from './inner/b.js'\nexport type A = B\n")
    await writeFile(join(root, 'src', 'inner', 'b.ts'), "import {\n  a,\n} from '../a.js'\nexport type B = typeof a\n")
    await writeFile(join(root, 'src', 'c.ts'), "import { a } from './a.js'\nexport const c = a\n")
    const result = await run(root)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Import cycle: src/a.ts ↔ src/inner/b.ts')
    expect(result.stderr).not.toContain('src/c.ts')
  })
})
