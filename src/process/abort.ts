/** The run's time limit (AbortSignal.timeout) aborts with a TimeoutError; anything else is a cancel. */
export function abortReason(signal: AbortSignal): string {
  return (signal.reason as Error | undefined)?.name === 'TimeoutError' ? 'the run reached its time limit' : 'cancelled';
}

/**
 * `promise`, or a rejection saying `what` was still awaited when `signal` aborted: the caller
 * stops waiting at once, while the work itself ends by its own bounds.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(`${what}: ${abortReason(signal)}`));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
