/**
 * Each chapter's link-preview image (1200 × 630 PNG): the grokking curve of
 * the run the chapter is about, drawn from its reference trajectory and
 * rasterised at build time.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import sharp from 'sharp';
import { chaptersOf } from '../../../content/chapters';
import { LANGS } from '../../../i18n';
import type { PresetId } from '../../../model/presets';
import { phasesOf } from '../../../state/reference';
import { previewSvg } from '../../../static/accuracySvg';
import { readTrace } from '../../../static/references';

/** The run each chapter's preview shows, by chapter number; others show the classic run. */
const PREVIEW: Record<number, PresetId> = { 0: 'fast', 1: 'fast', 5: 'regularization', 6: 'grokfast' };

export const getStaticPaths = (async () => {
  const paths = [];
  for (const lang of LANGS) {
    for (const chapter of await chaptersOf(lang)) {
      paths.push({ params: { lang, slug: chapter.slug }, props: { preset: PREVIEW[chapter.entry.data.order] ?? 'classic' } });
    }
  }
  return paths;
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ preset: PresetId }> = async ({ props }) => {
  const trace = readTrace(props.preset);
  // Comparisons show the run that groks: a flat line would say nothing in a chat preview.
  const run = trace.runs.find((r) => r.milestones.grok !== null) ?? trace.runs[0]!;
  const svg = previewSvg({ steps: run.series.step, train: run.series.trainAcc, test: run.series.testAcc }, trace.steps, phasesOf(run));
  const png = await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
};
