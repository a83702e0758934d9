// Runs an audit: one preflight() per asset, a bounded number at once, each outcome reported as it lands.
import { ServiceError } from '../errors.js'
import { mediaUrl } from '../request/parse.js'
import { preflight } from '../pipeline/preflight.js'
import { type PreflightOptions } from '../pipeline/options.js'
import { eachBounded } from '../services/each-bounded.js'
import type { TargetName } from '../../platforms/targets.js'
import type { Asset } from './assets.js'
import type { AssetError, AssetOutcome } from './summary.js'

export interface RunOptions {
  targets: TargetName[]
  concurrency: number
  preflight: PreflightOptions
  /** Aborting stops new assets; outcomes landing after it are dropped, since they may be cut short. */
  signal: AbortSignal
  onOutcome: (outcome: AssetOutcome) => void
}

export async function runAssets(assets: readonly Asset[], options: RunOptions): Promise<void> {
  await eachBounded(assets, options.concurrency, options.signal, async (asset) => {
    const outcome = await checkAsset(asset, options)
    if (!options.signal.aborted) options.onOutcome(outcome)
  })
}

async function checkAsset(asset: Asset, options: RunOptions): Promise<AssetOutcome> {
  try {
    const input = 'url' in asset.input ? mediaUrl(asset.input.url) : asset.input
    const request = { media: [input], targets: options.targets, post: {}, depth: 'full' as const }
    const report = await preflight(request, { ...options.preflight, signal: options.signal })
    return { asset: asset.name, report, error: null }
  } catch (error) {
    return { asset: asset.name, report: null, error: assetError(error) }
  }
}

/** An asset that cannot be checked is an error row of the report, never the end of the audit. */
function assetError(error: unknown): AssetError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message }
  const code = (error as { code?: unknown }).code
  if (code === 'ENOENT') return { code: 'not_found', message: 'No such file.' }
  if (code === 'EACCES' || code === 'EPERM')
    return { code: 'unreadable', message: 'The file cannot be read (permission denied).' }
  if (code === 'EISDIR') return { code: 'not_a_file', message: 'A folder, not a file.' }
  return {
    code: 'internal',
    message: error instanceof Error ? error.message.slice(0, 300) : 'The asset could not be checked.',
  }
}
