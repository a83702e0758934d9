// A response body nobody reads: drained up to 64 KiB (so a small one frees its connection for reuse), else dropped; never throws.
import type { Dispatcher } from 'undici'

const DRAIN_LIMIT = 64 * 1024

export async function discard(body: Dispatcher.ResponseData['body'] | undefined): Promise<void> {
  await body?.dump({ limit: DRAIN_LIMIT }).catch(() => undefined)
}
