// Prometheus text exposition (format 0.0.4) the way each exporter writes it: v1 is the Python client (empty HELP,
// Python float reprs), v2 the Go exporters (help text, Go float formatting, families sorted) (reference metrics §2).

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export type Labels = Record<string, string | number>

export interface Sample {
  /** the sample's own name (a histogram's `_bucket`, a v1 listener's name without `_total`) */
  name: string
  labels: Labels
  value: number
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

/** Labels sorted by name (reference §2.1, §2.2), except that a histogram's `le` comes last. */
export function labelText(labels: Labels): string {
  const names = Object.keys(labels)
    .filter((n) => n !== 'le')
    .sort()
  if (Object.hasOwn(labels, 'le')) names.push('le')
  if (names.length === 0) return ''
  return `{${names.map((n) => `${n}="${escapeLabel(String(labels[n]))}"`).join(',')}}`
}

/** Python's repr of a float: integers keep ".0", exponent form from 1e16 or below 1e-4. */
function pythonRepr(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`
  const abs = Math.abs(value)
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    const [mantissa, exponent] = value.toExponential().split('e')
    const exp = Number(exponent)
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  return String(value)
}

/**
 * prometheus_client's floatToGoString: Python's repr, but a positive number with more than six digits before the
 * point switches to Go's exponent form (1434144.0 -> 1.434144e+06; reference §2.1 quirks).
 */
export function pythonFloat(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  if (Number.isNaN(value)) return 'NaN'
  const text = pythonRepr(value)
  const dot = text.indexOf('.')
  if (value > 0 && dot > 6) {
    const mantissa = `${text[0]}.${text.slice(1, dot)}${text.slice(dot + 1)}`.replace(/[0.]+$/, '')
    return `${mantissa}e+0${dot - 1}`
  }
  return text
}

/** Go's strconv.FormatFloat(v, 'g', -1, 64), as client_golang writes values: shortest digits, exponent form below 1e-4 or from 1e6. */
export function goFloat(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf'
  if (value === Number.NEGATIVE_INFINITY) return '-Inf'
  if (Number.isNaN(value)) return 'NaN'
  if (value === 0) return '0'
  const [mantissa, exponent] = value.toExponential().split('e')
  const exp = Number(exponent)
  // shortest 'g': %e when the exponent is < -4 or >= 6 (eprec 6 for the shortest form)
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(value)
}

export interface Family {
  name: string
  type: 'gauge' | 'counter' | 'histogram' | 'untyped'
  help: string
  samples: Sample[]
}

/** v1's cluster-level part: `# HELP name ` with no text, `# TYPE`, then the samples. */
export function renderV1Family(family: Family): string {
  let out = `# HELP ${family.name} \n# TYPE ${family.name} ${family.type}\n`
  for (const s of family.samples) out += `${s.name}${labelText(s.labels)} ${pythonFloat(s.value)}\n`
  return out
}

/** v1's per-node block: bare untyped samples. */
export function renderV1Samples(samples: Sample[]): string {
  let out = ''
  for (const s of samples) out += `${s.name}${labelText(s.labels)} ${pythonFloat(s.value)}\n`
  return out
}

/** v2: families sorted by name, each with its help text and type. */
export function renderV2(families: Family[]): string {
  let out = ''
  for (const family of [...families].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (family.samples.length === 0) continue
    out += `# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n# TYPE ${family.name} ${family.type}\n`
    for (const s of family.samples) out += `${s.name}${labelText(s.labels)} ${goFloat(s.value)}\n`
  }
  return out
}
