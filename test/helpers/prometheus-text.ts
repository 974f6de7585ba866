// Reading exporter answers with parse-prometheus-text-format, grouped by family name.
import parsePrometheusTextFormat from 'parse-prometheus-text-format'

export interface ParsedSample {
  labels: Record<string, string>
  value: number
}

export interface ParsedFamily {
  name: string
  type: string
  help: string
  samples: ParsedSample[]
}

/**
 * The families of a text answer, keyed by name (untyped samples repeated in several `# Node stats` blocks are merged).
 * The parser trims each line before reading it, which turns v1's valid `# HELP <name> ` (empty help, reference metrics
 * §2.1) into a line it rejects; those lines carry nothing, so they are left out before parsing (the TYPE lines stay).
 */
export function parseExposition(text: string): Map<string, ParsedFamily> {
  const readable = text.replace(/^# HELP \S+ $/gm, '')
  const families = new Map<string, ParsedFamily>()
  for (const family of parsePrometheusTextFormat(readable)) {
    let entry = families.get(family.name)
    if (!entry) families.set(family.name, (entry = { name: family.name, type: family.type.toLowerCase(), help: family.help, samples: [] }))
    for (const metric of family.metrics as any[]) {
      if ('buckets' in metric) {
        entry.samples.push({ labels: { ...(metric.labels ?? {}), __kind: 'count' }, value: Number(metric.count) })
        entry.samples.push({ labels: { ...(metric.labels ?? {}), __kind: 'sum' }, value: Number(metric.sum) })
      } else {
        entry.samples.push({ labels: metric.labels ?? {}, value: Number(metric.value) })
      }
    }
  }
  return families
}

/** The one sample of a family whose labels include these. */
export function sampleOf(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string> = {}): ParsedSample | undefined {
  return families.get(name)?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
}
