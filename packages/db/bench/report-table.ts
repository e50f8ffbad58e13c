/**
 * Turns the measured samples into the printed table.
 *
 * @module
 */
import type { Sample } from './measure.js';
import { median, percentile, sortedConcat } from './statistics.js';

/** The samples of one contender in one scenario, one per round. */
export interface ContenderResult {
  readonly scenario: string;
  readonly contender: string;
  readonly samples: readonly Sample[];
}

/** One printed row. */
export interface ReportRow {
  readonly scenario: string;
  readonly contender: string;
  /** Median ops/sec over the rounds. */
  readonly opsPerSec: number;
  /** `opsPerSec` over the baseline's in the same scenario. */
  readonly ratio: number;
  /** (max − min) / median of the rounds' ops/sec. */
  readonly spread: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Median over the rounds of this process's CPU microseconds per operation. */
  readonly cpuMicrosPerOp: number;
}

/**
 * Summarises each contender: median ops/sec over its rounds, the ratio against `baseline` of
 * the same scenario, p50/p99 over every operation of every round, and the median client CPU
 * time per operation.
 *
 * @example
 * const rows = summarise(results, 'raw pg');
 */
export function summarise(results: readonly ContenderResult[], baseline: string): ReportRow[] {
  const medians = new Map(results.map((r) => [r, median(r.samples.map((s) => s.opsPerSec))]));
  return results.map((r) => {
    const base = results.find((b) => b.scenario === r.scenario && b.contender === baseline);
    const opsPerSec = medians.get(r)!;
    const rounds = r.samples.map((s) => s.opsPerSec);
    const latencies = sortedConcat(r.samples.map((s) => s.latenciesMs));
    return {
      scenario: r.scenario,
      contender: r.contender,
      opsPerSec,
      ratio: base ? opsPerSec / medians.get(base)! : Number.NaN,
      spread: (Math.max(...rounds) - Math.min(...rounds)) / opsPerSec,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      cpuMicrosPerOp: median(r.samples.map((s) => s.cpuMicrosPerOp)),
    };
  });
}

/**
 * Formats rows as a fixed-width text table.
 *
 * @example
 * console.log(formatTable(summarise(results, 'raw pg')));
 */
export function formatTable(rows: readonly ReportRow[]): string {
  const header = ['scenario', 'contender', 'ops/s', 'vs raw pg', '± rounds', 'p50 ms', 'p99 ms', 'cpu µs/op'];
  const body = rows.map((r) => [
    r.scenario,
    r.contender,
    Math.round(r.opsPerSec).toLocaleString('en-US'),
    `${r.ratio.toFixed(2)}×`,
    `${(r.spread * 100).toFixed(1)}%`,
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    Math.round(r.cpuMicrosPerOp).toLocaleString('en-US'),
  ]);
  const table = [header, ...body];
  const widths = header.map((_, c) => Math.max(...table.map((line) => line[c]!.length)));
  const leftAligned = 2; // scenario and contender
  const render = (line: readonly string[]): string =>
    line.map((cell, c) => (c < leftAligned ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(render)].join('\n');
}
