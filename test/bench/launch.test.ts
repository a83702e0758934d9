// The service's memory settings live in three places (npm start, the Dockerfile, the bench's launcher): they must agree.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LAUNCH_ENV, LAUNCH_NODE_ARGS } from '../../bench/service.js'

const ROOT = join(fileURLToPath(import.meta.url), '../../..')
const read = (name: string) => readFileSync(join(ROOT, name), 'utf8')

describe('launch settings', () => {
  it('npm start runs node with the bench launcher flags and malloc setting', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start
    expect(start).toBe(
      `MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-${LAUNCH_ENV.MALLOC_ARENA_MAX}} node ${LAUNCH_NODE_ARGS.join(' ')} dist/src/server.js`,
    )
  })

  it("the Dockerfile's CMD and ENV say the same", () => {
    const dockerfile = read('Dockerfile')
    expect(dockerfile).toContain(
      `CMD ${JSON.stringify(['node', ...LAUNCH_NODE_ARGS, 'dist/src/server.js']).replaceAll(',', ', ')}`,
    )
    const env = /^ENV (.*)$/m.exec(dockerfile)?.[1] ?? ''
    for (const [name, value] of Object.entries(LAUNCH_ENV)) expect(env.split(' ')).toContain(`${name}=${value}`)
  })
})
