// Files shipped with the package (the web page, compiled browser code), found whether it runs from src/ or dist/.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The nearest directory above this module holding package.json: the checkout or the installed package. */
function findRoot(from: string): string {
  let dir = from
  for (let depth = 0; depth < 8 && !existsSync(join(dir, 'package.json')); depth++) dir = dirname(dir)
  return dir
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))

export const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version
