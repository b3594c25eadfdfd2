// parse_xml: XML to dynamic as the documentation's conversion table says, parsed with
// fast-xml-parser. Attributes become "@name" keys, an element's own text "#text" (attributes first,
// then the text, then child elements), repeated elements an array, an empty element null; values
// stay text. Invalid XML, or more than 1 MB of it, is null.
import { createRequire } from 'node:module';
import type { XMLParser as Parser, XMLValidator as Validator } from 'fast-xml-parser';
import type { Dyn } from '../values.js';
import { type FnImpl, lift } from './lift.js';

const MAX_LENGTH = 1024 * 1024;

// fast-xml-parser is loaded by the first parse_xml(), not with the engine (the CLI's start-up pays for it).
let loaded: { parser: Parser; validator: typeof Validator } | undefined;
function xml(): { parser: Parser; validator: typeof Validator } {
  if (!loaded) {
    const fxp = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');
    const parser = new fxp.XMLParser({
      ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', parseTagValue: false, parseAttributeValue: false,
      trimValues: true, ignoreDeclaration: true, ignorePiTags: true,
    });
    loaded = { parser, validator: fxp.XMLValidator };
  }
  return loaded;
}

/** Empty elements as null and the keys of each element in the documented order. */
function shape(v: unknown): Dyn {
  if (v === '') return null;
  if (Array.isArray(v)) return v.map(shape);
  if (v === null || typeof v !== 'object') return v as Dyn;
  const entries = Object.entries(v as Record<string, unknown>);
  const rank = (k: string): number => (k.startsWith('@') ? 0 : k === '#text' ? 1 : 2);
  const sorted = entries.map((e, i) => [e, i] as const).sort(([[a], i], [[b], j]) => rank(a) - rank(b) || i - j);
  return Object.fromEntries(sorted.map(([[k, x]]) => [k, k.startsWith('@') ? (x as Dyn) : shape(x)]));
}

export function parseXml(text: string): Dyn {
  if (text.length > MAX_LENGTH || xml().validator.validate(text) !== true) return null;
  return shape(xml().parser.parse(text));
}

export const xmlFunctions: Record<string, FnImpl> = {
  parse_xml: (c) => lift(c, () => (v) => (typeof v === 'string' ? parseXml(v) : null)),
};
