/**
 * Test helper: load a page in headless Chromium (Debian's `/usr/bin/chromium`,
 * or `$CHROMIUM`) and report what went wrong in it and what it looks like.
 * It speaks the Chrome DevTools Protocol over `--remote-debugging-pipe`
 * (JSON messages ending in a NUL byte, commands on fd 3, answers on fd 4),
 * so it needs no library and no network port. The flags are those
 * docs/explain.md lists (they work as root, in a fresh profile).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { inflateSync } from 'node:zlib';

/** Where the tests look for Chromium. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** What loading a page gave. */
export interface PageReport {
  /** Console errors, uncaught exceptions and failed loads (each as text). */
  readonly errors: string[];
  /** A screenshot of the viewport, as PNG bytes. */
  readonly png: Buffer;
}

/** The flags that make Chromium run headless here (also as root) without touching the network. */
export function chromiumFlags(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
  ];
}

/** Loads `url` in headless Chromium; throws a clear error when Chromium is not installed. */
export async function loadPage(url: string, timeoutMs = 30_000): Promise<PageReport> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM); .ci/run installs it`,
    );
  const profile = mkdtempSync(join(tmpdir(), 'lirc-chromium-'));
  const child = spawn(
    CHROMIUM,
    [...chromiumFlags(profile), '--remote-debugging-pipe', '--window-size=1280,900', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const cdp = new Cdp(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const timer = setTimeout(() => cdp.abort(`timed out after ${timeoutMs} ms`), timeoutMs);
  child.on('exit', (code) => cdp.abort(`Chromium exited (${code}): ${stderr.slice(-2000)}`));
  try {
    const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank' })) as {
      targetId: string;
    };
    const { sessionId } = (await cdp.send('Target.attachToTarget', {
      targetId,
      flatten: true,
    })) as {
      sessionId: string;
    };
    const errors: string[] = [];
    cdp.listen(sessionId, (method, params) => {
      const problem = problemIn(method, params as EventParams);
      if (problem !== undefined) errors.push(problem);
    });
    for (const domain of ['Runtime', 'Log', 'Network', 'Page'])
      await cdp.send(`${domain}.enable`, {}, sessionId);
    const loaded = cdp.once(sessionId, 'Page.loadEventFired');
    await cdp.send('Page.navigate', { url }, sessionId);
    await loaded;
    const shot = (await cdp.send('Page.captureScreenshot', { format: 'png' }, sessionId)) as {
      data: string;
    };
    return { errors, png: Buffer.from(shot.data, 'base64') };
  } finally {
    clearTimeout(timer);
    // Browser.close lets Chromium end its helper processes; a kill is the fallback.
    const exited = new Promise((r) =>
      child.exitCode === null ? child.once('exit', r) : r(undefined),
    );
    await Promise.race([cdp.send('Browser.close', {}).catch(() => {}), exited]);
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
    // Helpers may still be writing the profile for a moment after the browser exits.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

/** The fields of the events `problemIn` reads. */
interface EventParams {
  readonly type?: string;
  readonly args?: readonly { readonly value?: unknown; readonly description?: string }[];
  readonly exceptionDetails?: {
    readonly text?: string;
    readonly exception?: { readonly description?: string };
  };
  readonly entry?: { readonly level?: string; readonly text?: string; readonly url?: string };
  readonly errorText?: string;
  readonly request?: { readonly url: string };
}

/** What is wrong if a page sends event `method`: a console error, an exception, a failed or outside load. */
function problemIn(method: string, p: EventParams): string | undefined {
  if (method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
    return `console.${p.type}: ${p.args?.map((a) => String(a.value ?? a.description)).join(' ')}`;
  if (method === 'Runtime.exceptionThrown')
    return `exception: ${p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text}`;
  if (method === 'Log.entryAdded' && p.entry?.level === 'error')
    return `log: ${p.entry.text} ${p.entry.url ?? ''}`;
  if (method === 'Network.loadingFailed') return `load failed: ${p.errorText}`;
  if (method === 'Network.requestWillBeSent' && !/^(file|data|about):/.test(p.request?.url ?? ''))
    return `network request: ${p.request?.url}`;
  return undefined;
}

type Listener = (method: string, params: unknown) => void;

/** A DevTools Protocol connection over a pipe. */
class Cdp {
  private nextId = 1;
  private buffered = '';
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly listeners: { session: string; listener: Listener }[] = [];
  private failure: Error | undefined;

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.on('data', (chunk) => {
      this.buffered += String(chunk);
      let end = this.buffered.indexOf('\0');
      while (end >= 0) {
        this.dispatch(JSON.parse(this.buffered.slice(0, end)));
        this.buffered = this.buffered.slice(end + 1);
        end = this.buffered.indexOf('\0');
      }
    });
    out.on('error', (e) => this.abort(e.message));
  }

  send(method: string, params: object, sessionId?: string): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    this.out.write(
      `${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`,
    );
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  listen(session: string, listener: Listener): void {
    this.listeners.push({ session, listener });
  }

  once(session: string, event: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.set(-this.nextId++, { resolve: () => {}, reject });
      this.listen(session, (method) => {
        if (method === event) resolve();
      });
    });
  }

  abort(reason: string): void {
    this.failure ??= new Error(reason);
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  private dispatch(m: {
    id?: number;
    method?: string;
    params?: unknown;
    sessionId?: string;
    result?: unknown;
    error?: { message: string };
  }): void {
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(`${m.error.message}`));
      else p?.resolve(m.result);
      return;
    }
    for (const l of this.listeners)
      if (l.session === m.sessionId) l.listener(m.method ?? '', m.params);
  }
}

/** A decoded PNG: width, height and RGBA pixels. */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium's screenshots are). */
export function decodePng(png: Buffer): Image {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const body = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, color, , , interlace] = body.subarray(8);
      if (depth !== 8 || interlace !== 0 || (color !== 2 && color !== 6))
        throw new Error(
          `PNG depth ${depth}, color type ${color}, interlace ${interlace}: not decoded`,
        );
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') data.push(body);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      const predicted =
        filter === 0
          ? 0
          : filter === 1
            ? a
            : filter === 2
              ? b
              : filter === 3
                ? (a + b) >> 1
                : paeth(a, b, c);
      pixels[y * stride + x] = (line[x]! + predicted) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(pixels.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** How many distinct colours an image has, and the share of its pixels that are not white. */
export function colourStats(image: Image): { colours: number; nonWhite: number } {
  const colours = new Set<number>();
  let nonWhite = 0;
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = image.rgba.subarray(i * 4, i * 4 + 3);
    colours.add((r! << 16) | (g! << 8) | b!);
    if (r! < 250 || g! < 250 || b! < 250) nonWhite++;
  }
  return { colours: colours.size, nonWhite: nonWhite / n };
}
