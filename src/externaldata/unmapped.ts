// validate's check of externaldata: a URL a rule reads that neither tripline.config.yaml nor any of
// the rule's test cases maps to a local file would fail its tests and `tripline run` (no network calls).
import { warning, type Problem } from '../core/problems.js';
import { kusto } from '../kql/kusto.js';
import type { RenderedRule } from '../rules/types.js';
import { type ExternalDataMapping, urlMatches } from './map.js';

/** The externaldata URLs of a query (string literals, @-verbatim or not), with their offsets. */
export function externalDataUrls(kql: string): { url: string; offset: number }[] {
  const k = kusto();
  const out: { url: string; offset: number }[] = [];
  k.KustoCode.Parse(kql)?.Syntax?.WalkElements((el) => {
    if (!(el instanceof k.Syntax.ExternalDataExpression)) return;
    const uris = el.URIs;
    for (let i = 0; i < (uris?.Count ?? 0); i++) {
      const u = uris!.getItem$1(i)?.Element as Kusto.Language.Syntax.Expression | null | undefined;
      if (u?.IsLiteral) out.push({ url: String(u.LiteralValueInfo?.ValueText ?? ''), offset: u.TextStart });
    }
  });
  return out;
}

/** `maps` is asked only when the query reads externaldata (the rule's test cases are loaded then). */
export function unmappedExternalData(rule: RenderedRule, maps: () => readonly ExternalDataMapping[][]): Problem[] {
  const urls = externalDataUrls(rule.query);
  if (!urls.length) return [];
  const known = maps();
  return urls
    .filter(({ url }) => !known.some((list) => list.some((m) => urlMatches(m.url, url))))
    .map(({ url, offset }) => warning('externaldata-unmapped', `externaldata ${url} is mapped to no local file (tripline makes no network calls): its tests and tripline run fail until it is mapped under externaldata: in tripline.config.yaml or in a test case`, rule.mapQueryOffset(offset)));
}
