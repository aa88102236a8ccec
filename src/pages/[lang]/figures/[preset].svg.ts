/**
 * Each preset's reference run as an SVG file per language: the figure a
 * reader without JavaScript sees (and the one that prints).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { LANGS, type Lang } from '../../../i18n';
import { PRESETS, type PresetId } from '../../../model/presets';
import { referenceSvg } from '../../../static/references';

export const getStaticPaths = (() =>
  LANGS.flatMap((lang) => Object.keys(PRESETS).map((preset) => ({ params: { lang, preset } })))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) =>
  new Response(referenceSvg(params.lang as Lang, params.preset as PresetId), {
    headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' },
  });
