// The emulated workspaces' contents: every resource by its lowercased id (ARM ids are case-insensitive),
// plus pending long-running operations. With a state file, a start loads it (refusing, without touching
// it, a file it cannot read) and every mutation saves it atomically; saves are serialized, and a save
// requested while another is queued joins it, so a burst of writes costs one file write, not one each.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { EmulatorConfigError } from './errors.js';
import { parseJsonWithPositions, positionAt } from '../core/json-positions.js';
import { lineStarts } from '../render/source-map.js';

export type JsonObject = Record<string, unknown>;

export interface StoredResource {
  id: string;
  name: string;
  type: string;
  etag?: string;
  kind?: string;
  location?: string;
  tags?: JsonObject;
  properties: JsonObject;
  systemData?: JsonObject;
}

export interface Operation {
  /** Status polls still to answer InProgress. */
  pollsLeft: number;
  /** The status once pollsLeft reaches 0. */
  status: 'Succeeded' | 'Failed';
  /** The resource the operation acts on. */
  resourceId: string;
  startTime: string;
}

export interface StateData {
  version: 1;
  resources: Record<string, StoredResource>;
  operations: Record<string, Operation>;
}

export function emptyState(): StateData {
  return { version: 1, resources: {}, operations: {} };
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointerPart = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

function shapeError(file: string, pointer: string, expected: string): EmulatorConfigError {
  return new EmulatorConfigError(`${file}#${pointer || '/'}: invalid emulator state: expected ${expected}`);
}

function checkResource(file: string, key: string, r: unknown): void {
  const at = `/resources/${pointerPart(key)}`;
  if (!isObject(r)) throw shapeError(file, at, 'a resource object {id, name, type, properties}');
  for (const k of ['id', 'name', 'type'] as const) {
    if (typeof r[k] !== 'string' || r[k] === '') throw shapeError(file, `${at}/${k}`, 'a non-empty string');
  }
  if ((r.id as string).toLowerCase() !== key) throw shapeError(file, `${at}/id`, `the resource id whose lowercase form is the key '${key}'`);
  if (!isObject(r.properties)) throw shapeError(file, `${at}/properties`, 'an object');
  for (const k of ['etag', 'kind', 'location'] as const) {
    if (r[k] !== undefined && typeof r[k] !== 'string') throw shapeError(file, `${at}/${k}`, 'a string');
  }
}

function checkOperation(file: string, key: string, op: unknown): void {
  const at = `/operations/${pointerPart(key)}`;
  if (!isObject(op)) throw shapeError(file, at, 'an operation object {pollsLeft, status, resourceId, startTime}');
  if (typeof op.pollsLeft !== 'number' || !Number.isInteger(op.pollsLeft) || op.pollsLeft < 0) throw shapeError(file, `${at}/pollsLeft`, 'a non-negative integer');
  if (op.status !== 'Succeeded' && op.status !== 'Failed') throw shapeError(file, `${at}/status`, "'Succeeded' or 'Failed'");
  if (typeof op.resourceId !== 'string') throw shapeError(file, `${at}/resourceId`, 'a string');
  if (typeof op.startTime !== 'string') throw shapeError(file, `${at}/startTime`, 'a string');
}

/** Checks a parsed state document; errors name the file and the JSON pointer of the bad value. */
export function checkState(file: string, doc: unknown): StateData {
  if (!isObject(doc)) throw shapeError(file, '', 'an object {"version": 1, "resources": {...}}');
  if (doc.version !== 1) throw shapeError(file, '/version', 'the number 1');
  const resources = doc.resources ?? {};
  if (!isObject(resources)) throw shapeError(file, '/resources', 'an object of resources by lowercased id');
  for (const [k, r] of Object.entries(resources)) checkResource(file, k, r);
  const operations = doc.operations ?? {};
  if (!isObject(operations)) throw shapeError(file, '/operations', 'an object of operations by id');
  for (const [k, op] of Object.entries(operations)) checkOperation(file, k, op);
  return { version: 1, resources: resources as Record<string, StoredResource>, operations: operations as Record<string, Operation> };
}

/** Reads a state file; a missing file is an empty state. */
export function loadState(file: string): StateData {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new EmulatorConfigError(`${file}: cannot read the emulator state: ${(e as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse does not say where; the positional parser does (it is slower, so only on failure).
    const error = parseJsonWithPositions(text).error ?? { offset: 0, message: 'not valid JSON' };
    const at = positionAt(lineStarts(text), error.offset);
    throw new EmulatorConfigError(`${file}:${at.line}:${at.column}: the emulator state is not valid JSON: ${error.message}`);
  }
  return checkState(file, value);
}

/** Writes to a temporary file in the same folder, flushes it to disk and renames it over the target. */
export async function writeStateAtomically(file: string, data: StateData): Promise<void> {
  const text = JSON.stringify(data, null, 1) + '\n';
  const dir = path.dirname(file);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fsp.open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

export class EmulatorState {
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;

  constructor(
    readonly data: StateData,
    private readonly file: string | undefined,
  ) {}

  get(id: string): StoredResource | undefined {
    return this.data.resources[id.toLowerCase()];
  }

  put(r: StoredResource): void {
    this.data.resources[r.id.toLowerCase()] = r;
  }

  delete(id: string): boolean {
    const key = id.toLowerCase();
    const had = key in this.data.resources;
    delete this.data.resources[key];
    return had;
  }

  /** Resources directly under a collection id (one more path segment), sorted by id for stable paging. */
  children(collectionId: string): StoredResource[] {
    const prefix = collectionId.toLowerCase() + '/';
    return Object.entries(this.data.resources)
      .filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => r);
  }

  /** Removes a resource and everything below it (a watchlist's items). */
  deleteTree(id: string): boolean {
    const key = id.toLowerCase();
    for (const k of Object.keys(this.data.resources)) if (k.startsWith(key + '/')) delete this.data.resources[k];
    return this.delete(id);
  }

  /**
   * Resolves once a save that started after this call has finished. The snapshot is taken when the
   * write starts, so every mutation made before that is in it.
   */
  persist(): Promise<void> {
    if (!this.file) return Promise.resolve();
    if (this.queued) return this.queued;
    const file = this.file;
    const next = this.chain.then(() => {
      this.queued = undefined;
      return writeStateAtomically(file, this.data);
    });
    this.queued = next;
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Waits for pending saves (used by close). */
  async flush(): Promise<void> {
    await this.chain;
  }
}
