// The parser ships no types: what the tests use of it.
declare module 'parse-prometheus-text-format' {
  interface ParsedFamily {
    name: string
    help: string
    type: string
    metrics: unknown[]
  }
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[]
}
