/**
 * Build-time SVG pictures of the figures that need no training (the clock,
 * the addition table, the logit construction), for readers without
 * JavaScript and for print. Plain strings, no DOM; colours follow the
 * reader's scheme through a media query inside the SVG.
 */
import { makeDataset } from '../model/data.ts';

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
const f = (v: number) => (Math.round(v * 10) / 10).toString();

const STYLE = `
  svg { font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", sans-serif; }
  .bg { fill: #ffffff; } .ink { fill: #1f2328; } .muted { fill: #57606a; } .rule { stroke: #dcd8cf; fill: none; }
  .a { stroke: #0b6b63; } .b { stroke: #9a5a00; } .sum { stroke: #1f2328; } .dot { fill: #8c959f; }
  .train { fill: #0b6b63; } .test { fill: #dcd8cf; } .hidden { fill: #f0ede6; }
  .wave { fill: none; stroke: #0b6b63; stroke-width: 1.5; } .total { fill: none; stroke: #1f2328; stroke-width: 2.5; } .peak { stroke: #9a5a00; stroke-dasharray: 4 3; }
  @media (prefers-color-scheme: dark) {
    .bg { fill: #1a2027; } .ink { fill: #e4e6e9; } .muted { fill: #a3abb5; } .rule { stroke: #2c343d; }
    .a { stroke: #5fd0c3; } .b { stroke: #f2a33a; } .sum { stroke: #e4e6e9; }
    .train { fill: #5fd0c3; } .test { fill: #2c343d; } .hidden { fill: #222a33; }
    .wave { stroke: #5fd0c3; } .total { stroke: #e4e6e9; } .peak { stroke: #f2a33a; }
  }`;

function doc(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<style>${STYLE}</style><rect class="bg" width="100%" height="100%" rx="8"/>`,
    ...body,
    '</svg>',
  ].join('');
}

/** A data: URL for an <img>, so the picture needs no inline <style> in the page (the CSP forbids that). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** p positions round a clock face, with hands for a, b and (a + b) mod p. */
export function clockSvg(p: number, a: number, b: number, title: string): string {
  const size = 320;
  const c = size / 2;
  const r = 120;
  const at = (k: number, radius: number) => {
    const angle = (2 * Math.PI * k) / p - Math.PI / 2;
    return [c + radius * Math.cos(angle), c + radius * Math.sin(angle)] as const;
  };
  const body = [`<circle class="rule" cx="${c}" cy="${c}" r="${r}" stroke-width="2"/>`];
  for (let k = 0; k < p; k++) {
    const [x, y] = at(k, r);
    body.push(`<circle class="dot" cx="${f(x)}" cy="${f(y)}" r="3"/>`);
    if (p <= 24) {
      const [tx, ty] = at(k, r + 18);
      body.push(`<text class="muted" x="${f(tx)}" y="${f(ty + 4)}" font-size="12" text-anchor="middle">${k}</text>`);
    }
  }
  const hand = (k: number, cls: string, len: number, width: number) => {
    const [x, y] = at(k, len);
    return `<line class="${cls}" x1="${c}" y1="${c}" x2="${f(x)}" y2="${f(y)}" stroke-width="${width}" stroke-linecap="round"/>`;
  };
  body.push(hand(a % p, 'a', r * 0.62, 5), hand(b % p, 'b', r * 0.8, 4), hand((a + b) % p, 'sum', r * 0.95, 2.5));
  return doc(size, size, title, body);
}

/** The p × p table: training cells filled, test cells left pale (split), or every cell numbered (small p). */
export function tableSvg(p: number, fraction: number, seed: number, split: boolean, title: string): string {
  const cell = p <= 16 ? 22 : Math.max(3, Math.floor(360 / p));
  const pad = 8;
  const size = pad * 2 + cell * p;
  const isTrain = makeDataset(p, 'add', fraction, seed).isTrain;
  const body: string[] = [];
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const x = pad + b * cell;
      const y = pad + a * cell;
      const cls = !split ? 'hidden' : isTrain[a * p + b] ? 'train' : 'test';
      body.push(`<rect class="${cls}" x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}"/>`);
      if (p <= 16 && (!split || isTrain[a * p + b])) {
        body.push(`<text class="${split ? 'bg' : 'ink'}" x="${x + cell / 2}" y="${y + cell / 2 + 4}" font-size="11" text-anchor="middle">${(a + b) % p}</text>`);
      }
    }
  }
  return doc(size, size, title, body);
}

/** The waves cos ω(a + b − c) per frequency and their sum, peaking at c = (a + b) mod p. */
export function logitSvg(p: number, a: number, b: number, frequencies: readonly number[], title: string): string {
  const width = 640;
  const rowH = 26;
  const top = 10;
  const left = 14;
  const plotW = width - 2 * left;
  const sumTop = top + frequencies.length * rowH + 14;
  const sumH = 120;
  const height = sumTop + sumH + 16;
  const x = (c: number) => left + (c / Math.max(1, p - 1)) * plotW;
  const wave = (k: number, c: number) => Math.cos((2 * Math.PI * k * (a + b - c)) / p);
  const body: string[] = [];
  const samples = Math.max(2 * p, 200);
  frequencies.forEach((k, i) => {
    const mid = top + i * rowH + rowH / 2;
    const pts = Array.from({ length: samples + 1 }, (_, j) => {
      const c = ((p - 1) * j) / samples;
      return `${f(x(c))},${f(mid - wave(k, c) * (rowH * 0.4))}`;
    });
    body.push(`<polyline class="wave" points="${pts.join(' ')}"/>`);
  });
  const sums = Array.from({ length: p }, (_, c) => frequencies.reduce((s, k) => s + wave(k, c), 0));
  const max = Math.max(1, ...sums.map(Math.abs));
  const sy = (v: number) => sumTop + sumH / 2 - (v / max) * (sumH / 2 - 4);
  body.push(`<polyline class="total" points="${sums.map((v, c) => `${f(x(c))},${f(sy(v))}`).join(' ')}"/>`);
  const answer = (a + b) % p;
  body.push(`<line class="peak" x1="${f(x(answer))}" x2="${f(x(answer))}" y1="${top}" y2="${sumTop + sumH}" stroke-width="1.5"/>`);
  body.push(`<text class="ink" x="${f(x(answer) + 6)}" y="${sumTop + 12}" font-size="12">c = ${answer}</text>`);
  return doc(width, height, title, body);
}

export interface SeparationLine {
  readonly label: string;
  /** Mean test accuracy at each fraction. */
  readonly accuracy: readonly number[];
  readonly kind: 'rich' | 'kernel';
}

/** Test accuracy against the training fraction: the feature-learning network beside the kernels. */
export function separationSvg(fractions: readonly number[], lines: readonly SeparationLine[], axis: { x: string; y: string }, title: string): string {
  const width = 560;
  const height = 300 + lines.length * 20;
  const m = { top: 14, right: 20, bottom: 52 + lines.length * 20, left: 46 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const x = (v: number) => m.left + v * pw;
  const y = (v: number) => m.top + (1 - v) * ph;
  const body: string[] = [];
  for (const v of [0, 0.5, 1]) {
    body.push(`<line class="rule" x1="${m.left}" x2="${m.left + pw}" y1="${f(y(v))}" y2="${f(y(v))}"/>`);
    body.push(`<text class="muted" x="${m.left - 6}" y="${f(y(v) + 4)}" font-size="12" text-anchor="end">${v * 100}%</text>`);
  }
  for (const fr of fractions) body.push(`<text class="muted" x="${f(x(fr))}" y="${m.top + ph + 16}" font-size="12" text-anchor="middle">${Math.round(fr * 100)}%</text>`);
  body.push(`<text class="muted" x="${m.left + pw}" y="${m.top + ph + 32}" font-size="12" text-anchor="end">${escapeXml(axis.x)}</text>`);
  lines.forEach((line, i) => {
    const cls = line.kind === 'rich' ? 'a' : i % 2 ? 'b' : 'sum';
    const dash = line.kind === 'rich' ? '' : ' stroke-dasharray="6 4"';
    const pts = fractions.map((fr, j) => `${f(x(fr))},${f(y(line.accuracy[j] ?? 0))}`).join(' ');
    body.push(`<polyline class="${cls}" points="${pts}" fill="none" stroke-width="2.5"${dash}/>`);
    const ly = m.top + ph + 50 + i * 20;
    body.push(`<line class="${cls}" x1="${m.left}" x2="${m.left + 26}" y1="${ly - 4}" y2="${ly - 4}" stroke-width="2.5"${dash}/>`);
    body.push(`<text class="ink" x="${m.left + 34}" y="${ly}" font-size="12">${escapeXml(line.label)}</text>`);
  });
  return doc(width, height, `${title} (${axis.y})`, body);
}
