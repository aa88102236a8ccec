export function systemChromium(): string | undefined;
export function findChromium(): Promise<string | undefined>;
export function ensureChromium(): Promise<string>;
