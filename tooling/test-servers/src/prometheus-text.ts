/**
 * Reads a Prometheus text exposition (what `GET /metrics` answers) with a text-format parser
 * (`prom2javascript`: families, labels, histogram buckets/count/sum), for tests that assert
 * exact counter and histogram moves. (`parse-prometheus-text-format` was tried first: it drops
 * the labels, count and sum of labelled histograms.)
 *
 * @module
 */
import { getMetricsFromIterator, type PromMetrics } from 'prom2javascript';

/** A parsed scrape, with lookups by family name and labels. */
export interface PromScrape {
  readonly families: PromMetrics;
  /** The value of counter/gauge samples whose labels include `labels`, summed (0 when none). */
  value(name: string, labels?: Readonly<Record<string, string>>): number;
  /** The observation count of histogram samples whose labels include `labels`, summed. */
  count(name: string, labels?: Readonly<Record<string, string>>): number;
  /** Every label value of every sample, for "no label holds an id or a path" checks. */
  labelValues(): string[];
}

interface Sample {
  readonly labels: Record<string, string>;
  readonly value?: number;
  readonly count?: number;
}

function matches(sample: Sample, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(labels).every(([k, v]) => sample.labels[k] === v);
}

/**
 * Parses `text`; throws when a family is declared twice or a sample line is malformed.
 *
 * @example
 * const scrape = await parsePromText(await (await fetch(`${url}/metrics`)).text());
 * scrape.value('agent_studio_http_requests_total', { route: '/api/v1/agents/:id', status_class: '2xx' });
 */
export async function parsePromText(text: string): Promise<PromScrape> {
  const declared = text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
  if (new Set(declared).size !== declared.length) throw new Error('a metric family is declared twice');
  for (const line of text.split('\n')) {
    if (line && !line.startsWith('#') && !/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? [-+0-9.eEInfNa]+$/.test(line)) {
      throw new Error(`not a Prometheus text sample line: ${line}`);
    }
  }
  const families = await getMetricsFromIterator(text.split('\n')[Symbol.iterator]());
  const samples = (name: string): Sample[] => (families[name]?.data ?? []);
  return {
    families,
    value(name, labels = {}) {
      return samples(name).filter((m) => matches(m, labels)).reduce((n, m) => n + (m.value ?? 0), 0);
    },
    count(name, labels = {}) {
      return samples(name).filter((m) => matches(m, labels)).reduce((n, m) => n + (m.count ?? 0), 0);
    },
    labelValues() {
      return Object.values(families).flatMap((f) => (f.data as Sample[]).flatMap((m) => Object.values(m.labels)));
    },
  };
}
