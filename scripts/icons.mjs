// Renders the app icons the web manifest needs (PNG, 192 and 512 px, plus a
// maskable one with the safe-zone padding) from public/favicon.svg.
// Run after changing the favicon: `node scripts/icons.mjs`; the PNGs are committed.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

const svg = readFileSync(new URL('../public/favicon.svg', import.meta.url));
const out = (name) => new URL(`../public/${name}`, import.meta.url).pathname;
for (const size of [192, 512]) {
  await sharp(svg, { density: (72 * size) / 32 }).resize(size, size).png().toFile(out(`icon-${size}.png`));
}
// Maskable icons may be cropped to a circle of 80% of their width: keep the drawing inside it.
const inner = 360;
const drawing = await sharp(svg, { density: (72 * inner) / 32 }).resize(inner, inner).png().toBuffer();
await sharp({ create: { width: 512, height: 512, channels: 4, background: '#1d2b3a' } })
  .composite([{ input: drawing, left: (512 - inner) / 2, top: (512 - inner) / 2 }])
  .png()
  .toFile(out('icon-maskable-512.png'));
