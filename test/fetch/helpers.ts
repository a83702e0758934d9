// Download options for fetch tests: the service's defaults with small limits, and a fresh scratch file per call.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { download, type Downloaded, type DownloadOptions } from '../../src/fetch/download.js'
import { testOptions } from '../helpers/options.js'
import { readMediaUrl } from '../../src/fetch/http-url.js'

export function fetchOptions(overrides: Partial<DownloadOptions> = {}): DownloadOptions {
  const base = testOptions().fetch
  return {
    ...base,
    readCap: 64 * 1024 * 1024,
    depth: 'full',
    ...overrides,
    policy: { ...base.policy, ...overrides.policy },
  }
}

/** download() into a scratch directory that is removed afterwards; the rule ids found, sorted. */
export async function fetchUrl(
  url: string,
  overrides: Partial<DownloadOptions> = {},
): Promise<Downloaded & { rules: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'preflight-fetch-test-'))
  try {
    const result = await download(readMediaUrl(url), join(dir, 'media'), fetchOptions(overrides))
    return {
      ...result,
      rules: result.findings
        .map((f) => f.rule)
        .filter((r) => r !== 'fetch.not_https')
        .sort(),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
