/**
 * Where the kernel puts the right answer: for every test pair, the rank of
 * the true class among the p scores (1 = the prediction, p = scored lowest),
 * counted into bars. A model that generalizes piles up at rank 1; the
 * initial-eNTK kernel on modular addition piles up at rank p — the right
 * answer is the one it is surest is wrong.
 */
import { select } from 'd3';
import { SVG_NS } from './plot.ts';
import { createShell, type Chart } from './shell.ts';
import { fill, type Lang } from './labels.ts';

export interface RankHistogramData {
  /** counts[r − 1] test pairs whose true class has rank r. */
  readonly counts: readonly number[];
}

export interface RankHistogramLabels {
  label: string;
  showTable: string;
  rank: string;
  pairs: string;
  best: string;
  worst: string;
  description: string;
}

export const RANK_HISTOGRAM_LABELS: Readonly<Record<Lang, RankHistogramLabels>> = {
  en: {
    label: 'Rank of the right answer among the kernel’s scores',
    showTable: 'Show as table',
    rank: 'Rank of the right answer',
    pairs: 'Test pairs',
    best: '1 = predicted',
    worst: '{p} = scored lowest',
    description: 'Of {n} test pairs, {top} have the right answer ranked first and {bottom} have it ranked last of {p}.',
  },
  ja: {
    label: 'カーネルの採点で正解が何位だったか',
    showTable: '表で見る',
    rank: '正解の順位',
    pairs: 'テストの問題数',
    best: '1 位 = 予測した答え',
    worst: '{p} 位 = 最低点',
    description: 'テスト {n} 問のうち、正解が 1 位だったのは {top} 問、{p} 位中の最下位だったのは {bottom} 問です。',
  },
};

export type RankHistogram = Chart<RankHistogramData>;


/** Bar heights as shares of the tallest bar, so the shape reads the same at any size. */
export function barShares(counts: readonly number[]): number[] {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (max > 0 ? c / max : 0));
}

export function createRankHistogram(container: HTMLElement, options: { lang: Lang }): RankHistogram {
  const labels = RANK_HISTOGRAM_LABELS[options.lang];
  let data: RankHistogramData = { counts: [] };
  const shell = createShell(container, {
    name: 'rank-histogram',
    lang: options.lang,
    label: labels.label,
    showTable: labels.showTable,
    draw,
    table: () => ({
      caption: labels.label,
      columns: [labels.rank, labels.pairs],
      rows: data.counts.map((c, i) => [i + 1, c]),
    }),
  });
  const svg = select(shell.figure).append(() => shell.doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg');

  function draw({ width, rem }: { width: number; rem: number }): void {
    const p = data.counts.length;
    const height = Math.round(7.5 * rem);
    const margin = { top: 0.5 * rem, right: 0.5 * rem, bottom: 2.6 * rem, left: 0.5 * rem };
    const innerW = Math.max(10, width - margin.left - margin.right);
    const innerH = height - margin.top - margin.bottom;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    const shares = barShares(data.counts);
    const bw = p > 0 ? innerW / p : 0;
    const g = svg.selectAll<SVGGElement, null>('g.bars').data([null]).join('g').attr('class', 'bars').attr('transform', `translate(${margin.left},${margin.top})`);
    g.selectAll('rect')
      .data(shares)
      .join('rect')
      .attr('x', (_, i) => i * bw + bw * 0.1)
      .attr('width', Math.max(1, bw * 0.8))
      .attr('y', (v) => innerH - v * innerH)
      .attr('height', (v) => v * innerH)
      .attr('class', (_, i) => (i === 0 ? 'rank-bar rank-bar--best' : i === p - 1 ? 'rank-bar rank-bar--worst' : 'rank-bar'));
    const axis = svg.selectAll<SVGGElement, null>('g.rank-axis').data([null]).join('g').attr('class', 'rank-axis chart-axis').attr('transform', `translate(${margin.left},${margin.top + innerH})`);
    axis.selectAll('line').data([null]).join('line').attr('x1', 0).attr('x2', innerW).attr('y1', 0).attr('y2', 0);
    axis
      .selectAll('text')
      .data(p > 0 ? [labels.best, fill(labels.worst, { p })] : [])
      .join('text')
      .attr('x', (_, i) => (i === 0 ? 0 : innerW))
      .attr('y', 1.2 * rem)
      .attr('text-anchor', (_, i) => (i === 0 ? 'start' : 'end'))
      .text((d) => d);
    const n = data.counts.reduce((a, b) => a + b, 0);
    shell.describe(fill(labels.description, { n, top: data.counts[0] ?? 0, bottom: data.counts[p - 1] ?? 0, p }));
  }

  return {
    update(next) {
      data = next;
      shell.request(true);
    },
    resize: shell.resize,
    destroy: shell.destroy,
    table: shell.table,
  };
}
