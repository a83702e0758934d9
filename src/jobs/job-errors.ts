// Why a job stopped, in the contract's error shape.
import { ServiceError } from '../errors.js'
import type { JobError } from './engine.js'

export type StopCause = 'cancelled' | 'shutdown' | 'deadline'

/** The reason a job's signal is aborted with: its handler sees which stop it was. */
export function stopReason(cause: StopCause, timeoutMs = 0): ServiceError {
  if (cause === 'deadline')
    return new ServiceError('deadline_exceeded', `The job did not finish within ${Math.round(timeoutMs / 1000)} s.`)
  if (cause === 'shutdown')
    return new ServiceError('unavailable', 'The service stopped while the job ran; submit it again.')
  return new ServiceError('client_closed', 'The job was cancelled.')
}

/** A ServiceError keeps its code and words; anything else is a bug, reported without detail. */
export function jobError(error: unknown): JobError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message }
  return { code: 'internal', message: 'Internal error' }
}
