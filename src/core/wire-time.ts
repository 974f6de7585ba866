// An instant as `YYYY-MM-DDTHH:MM:SSZ` (UTC, no fraction): the form Redis Enterprise's and JDCloud's answers use.

const last = { ms: Number.NaN, text: '' }

/**
 * new Date(ms).toISOString() without its milliseconds. A create asks for the same instant several times (created and
 * changed times, its event), so the last answer is kept; toISOString always ends in ".sssZ" (or throws), so the
 * milliseconds are cut without a regular expression (issue #20).
 */
export function isoSecondsUtc(ms: number): string {
  if (ms === last.ms) return last.text
  const text = `${new Date(ms).toISOString().slice(0, -5)}Z`
  last.ms = ms
  last.text = text
  return text
}
