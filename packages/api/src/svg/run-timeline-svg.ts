/**
 * A run as a waterfall SVG: one row per step (stepKey), one bar per attempt, coloured by outcome
 * — a failed attempt that was retried is amber and the row says `×N` — and the critical path
 * (the chain of steps that decided when the run ended) outlined. Drawn here, server-side, no
 * browser and no layout library needed: a waterfall is a time axis.
 *
 * @module
 */
import type { RunDto, RunStepDto } from '@agent-studio/sdk';
import { escapeXml } from './svg-text.js';

/** Fill colours by outcome (also in the legend). */
export const OUTCOME_COLOURS = {
  succeeded: '#2e9d5b',
  failed: '#d64545',
  retried: '#e0a030',
  cancelled: '#8a8f98',
  running: '#3b82f6',
} as const;

type Outcome = keyof typeof OUTCOME_COLOURS;

const ROW = 26;
const LABEL_W = 220;
const CHART_W = 640;
const TOP = 58;

interface Bar {
  readonly step: Pick<RunStepDto, 'stepKey' | 'nodeId' | 'kind' | 'status' | 'attempt'>;
  readonly start: number;
  readonly end: number;
  readonly outcome: Outcome;
}

const ms = (t: string | Date): number => new Date(t).getTime();

/**
 * The critical path: from the attempt that finished last, walk back to the attempt that finished
 * latest no later than it started (what it waited for), until none. Returns the bars on it.
 */
function criticalPath(bars: readonly Bar[]): Set<Bar> {
  const path = new Set<Bar>();
  let current = [...bars].sort((a, b) => b.end - a.end)[0];
  while (current) {
    path.add(current);
    const start = current.start;
    current = bars.filter((b) => !path.has(b) && b.end <= start + 1).sort((a, b) => b.end - a.end)[0];
  }
  return path;
}

/**
 * Renders `run` and its step attempts (`RunsService.listSteps`, any order).
 *
 * @example
 * const svg = renderRunTimeline(run, steps);
 * res.type('image/svg+xml').send(svg);
 */
export function renderRunTimeline(
  run: Pick<RunDto, 'id' | 'status' | 'startedAt' | 'finishedAt' | 'createdAt'>,
  steps: readonly Pick<RunStepDto, 'stepKey' | 'nodeId' | 'kind' | 'status' | 'attempt' | 'startedAt' | 'finishedAt'>[],
  now: Date = new Date(),
): string {
  const ordered = [...steps].sort((a, b) => ms(a.startedAt) - ms(b.startedAt) || a.attempt - b.attempt);
  const lastAttempt = new Map<string, number>();
  for (const s of ordered) lastAttempt.set(s.stepKey, Math.max(lastAttempt.get(s.stepKey) ?? 0, s.attempt));
  const bars: Bar[] = ordered.map((s) => {
    const start = ms(s.startedAt);
    const end = s.finishedAt ? ms(s.finishedAt) : now.getTime();
    const retried = s.status === 'failed' && (lastAttempt.get(s.stepKey) ?? 0) > s.attempt;
    const outcome: Outcome = retried ? 'retried' : s.status;
    return { step: s, start, end: Math.max(end, start), outcome };
  });
  const t0 = Math.min(run.startedAt ? ms(run.startedAt) : ms(run.createdAt), ...bars.map((b) => b.start));
  const t1 = Math.max(run.finishedAt ? ms(run.finishedAt) : now.getTime(), ...bars.map((b) => b.end), t0 + 1);
  const x = (t: number): number => LABEL_W + ((t - t0) / (t1 - t0)) * CHART_W;
  const rows = [...new Set(ordered.map((s) => s.stepKey))];
  const critical = criticalPath(bars);
  const height = TOP + rows.length * ROW + 40;
  const width = LABEL_W + CHART_W + 20;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>Run ${escapeXml(run.id)} (${escapeXml(run.status)})</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">Run ${escapeXml(run.id)} — ${escapeXml(run.status)} — ${t1 - t0} ms</text>`,
  ];
  // legend
  let lx = 10;
  for (const [name, colour] of [...Object.entries(OUTCOME_COLOURS), ['critical path', 'none'] as const]) {
    out.push(
      `<rect x="${lx}" y="32" width="12" height="12" fill="${colour}" ${name === 'critical path' ? 'stroke="#111" stroke-width="2.5"' : ''}/>`,
      `<text x="${lx + 16}" y="42">${escapeXml(name)}</text>`,
    );
    lx += 16 + name.length * 7 + 18;
  }
  // time axis: 5 ticks
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    out.push(
      `<line x1="${x(t).toFixed(1)}" y1="${TOP - 6}" x2="${x(t).toFixed(1)}" y2="${TOP + rows.length * ROW}" stroke="#e5e7eb"/>`,
      `<text x="${x(t).toFixed(1)}" y="${TOP + rows.length * ROW + 16}" text-anchor="middle" fill="#555">${Math.round(t - t0)} ms</text>`,
    );
  }
  rows.forEach((key, i) => {
    const y = TOP + i * ROW;
    const attempts = bars.filter((b) => b.step.stepKey === key);
    const retries = attempts.length > 1 ? ` ×${attempts.length}` : '';
    out.push(`<text x="10" y="${y + 17}" class="step-label">${escapeXml(key)} (${escapeXml(attempts[0]!.step.kind)})${retries}</text>`);
    for (const b of attempts) {
      const onPath = critical.has(b);
      const w = Math.max(2, x(b.end) - x(b.start));
      out.push(
        `<rect class="step ${b.outcome}${onPath ? ' critical' : ''}" data-step="${escapeXml(key)}" data-attempt="${b.step.attempt}" ` +
          `x="${x(b.start).toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${ROW - 8}" rx="3" fill="${OUTCOME_COLOURS[b.outcome]}"` +
          `${onPath ? ' stroke="#111" stroke-width="2.5"' : ''}>` +
          `<title>${escapeXml(key)} attempt ${b.step.attempt}: ${b.outcome}, ${b.end - b.start} ms</title></rect>`,
      );
    }
  });
  out.push('</svg>');
  return out.join('\n');
}
