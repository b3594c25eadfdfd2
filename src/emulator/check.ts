// Property checks shared by the resource types. Each throws a 400 BadRequest that names the property by
// its path in the request body (also ARM's `target`), the way the service points at what to fix.
import { badRequest } from './errors.js';
import { parseDuration } from '../core/duration.js';
import type { JsonObject } from './state.js';

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns obj[key] as an object, requiring it when `required`. */
export function objectAt(obj: JsonObject, key: string, at: string, required: boolean): JsonObject | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) throw badRequest(`The property '${at}' is required.`, at);
    return undefined;
  }
  if (!isObject(v)) throw badRequest(`The property '${at}' must be an object.`, at);
  return v;
}

export function requireValue(obj: JsonObject, key: string, at: string): unknown {
  const v = obj[key];
  if (v === undefined || v === null) throw badRequest(`The property '${at}' is required.`, at);
  return v;
}

export function stringAt(obj: JsonObject, key: string, at: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (opts.required) throw badRequest(`The property '${at}' is required.`, at);
    return undefined;
  }
  if (typeof v !== 'string') throw badRequest(`The property '${at}' must be a string.`, at);
  if (opts.required && v.trim() === '') throw badRequest(`The property '${at}' must not be empty.`, at);
  if (opts.max !== undefined && v.length > opts.max) {
    throw badRequest(`The property '${at}' is ${v.length} characters long; at most ${opts.max} are allowed.`, at);
  }
  return v;
}

export function booleanAt(obj: JsonObject, key: string, at: string, required: boolean): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) throw badRequest(`The property '${at}' is required.`, at);
    return undefined;
  }
  if (typeof v !== 'boolean') throw badRequest(`The property '${at}' must be a boolean.`, at);
  return v;
}

export function integerAt(obj: JsonObject, key: string, at: string, min: number, max: number, required: boolean): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) throw badRequest(`The property '${at}' is required.`, at);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`The property '${at}' must be an integer.`, at);
  if (v < min || v > max) throw badRequest(`The value ${v} of property '${at}' is out of range; it must be between ${min} and ${max}.`, at);
  return v;
}

export function enumAt<T extends string>(obj: JsonObject, key: string, at: string, allowed: readonly T[], required: boolean): T | undefined {
  const v = stringAt(obj, key, at, { required });
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) {
    throw badRequest(`The value '${v}' of property '${at}' is invalid. Allowed values: ${allowed.join(', ')}.`, at);
  }
  return v as T;
}

export function arrayAt(obj: JsonObject, key: string, at: string, required: boolean): unknown[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) throw badRequest(`The property '${at}' is required.`, at);
    return undefined;
  }
  if (!Array.isArray(v)) throw badRequest(`The property '${at}' must be an array.`, at);
  return v;
}

/** Checks an ISO 8601 duration, replaces it by its canonical form in `obj`, and returns its seconds. */
export function durationAt(obj: JsonObject, key: string, at: string, required: boolean): number | undefined {
  const v = stringAt(obj, key, at, { required });
  if (v === undefined) return undefined;
  // Sentinel stores a .NET TimeSpan and writes it back in its own spelling (PT60M comes back as PT1H):
  // echoing what the client sent would hide the trap of comparing durations as text.
  const d = parseDuration(v, 'iso');
  if (!d) throw badRequest(`The value '${v}' of property '${at}' is not a valid ISO 8601 duration (for example PT5H or P1D).`, at);
  obj[key] = d.iso;
  return d.ms / 1000;
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}
