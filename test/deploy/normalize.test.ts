// What counts as a change: values the service fills in or re-spells are not; real edits are, at the
// property that changed.
import { describe, expect, it } from 'vitest';
import { diff, lineDiff } from '../../src/deploy/diff.js';
import { contentHash, normalize } from '../../src/deploy/normalize.js';
import { ALERT_RULES, AUTOMATION_RULES, WATCHLISTS, WORKBOOKS } from '../../src/deploy/types.js';

const rule = {
  kind: 'Scheduled',
  properties: {
    displayName: 'r', enabled: true, severity: 'High', query: 'SigninLogs\n| take 1', queryFrequency: 'PT60M', queryPeriod: 'P1D',
    triggerOperator: 'GreaterThan', triggerThreshold: 0, suppressionEnabled: false, suppressionDuration: 'PT5H',
    tactics: ['Persistence', 'InitialAccess'], techniques: ['T1110', 'T1078'],
  },
};

describe('normalize', () => {
  it('ignores read-only fields, nulls, empty values, duration spelling and set order', () => {
    const back = {
      id: '/subscriptions/x/...', name: 'n', etag: '"1"', kind: 'Scheduled',
      properties: {
        ...rule.properties, queryFrequency: 'PT1H', queryPeriod: 'PT24H', tactics: ['InitialAccess', 'Persistence'], techniques: ['T1078', 'T1110'],
        lastModifiedUtc: '2026-12-05T00:00:00Z', alertRuleTemplateName: null, templateVersion: null, customDetails: {}, entityMappings: [],
        eventGroupingSettings: { aggregationKind: 'SingleAlert' },
      },
    };
    expect(diff(normalize(ALERT_RULES, back), normalize(ALERT_RULES, rule))).toEqual([]);
    expect(contentHash(normalize(ALERT_RULES, back))).toBe(contentHash(normalize(ALERT_RULES, rule)));
  });

  it('reports a real edit at its property, before and after', () => {
    const edited = { ...rule, properties: { ...rule.properties, queryFrequency: 'PT2H', tactics: ['InitialAccess'] } };
    expect(diff(normalize(ALERT_RULES, rule), normalize(ALERT_RULES, edited))).toEqual([
      { path: 'properties.queryFrequency', before: 'PT1H', after: 'PT2H' },
      { path: 'properties.tactics', before: ['InitialAccess', 'Persistence'], after: ['InitialAccess'] },
    ]);
    expect(contentHash(normalize(ALERT_RULES, rule))).not.toBe(contentHash(normalize(ALERT_RULES, edited)));
  });

  it('compares resource ids without case and automation actions by order', () => {
    const a = { properties: { displayName: 'a', order: 1, triggeringLogic: { isEnabled: true, conditions: [{ conditionProperties: { propertyValues: ['/subscriptions/S/resourceGroups/RG/providers/Microsoft.OperationalInsights/workspaces/W'] } }] }, actions: [{ order: 2, actionType: 'AddIncidentTask' }, { order: 1, actionType: 'ModifyProperties' }] } };
    const b = { properties: { displayName: 'a', order: 1, triggeringLogic: { isEnabled: true, conditions: [{ conditionProperties: { propertyValues: ['/subscriptions/s/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/w'] } }] }, actions: [{ order: 1, actionType: 'ModifyProperties' }, { order: 2, actionType: 'AddIncidentTask' }] }, createdTimeUtc: 'x' };
    expect(diff(normalize(AUTOMATION_RULES, a), normalize(AUTOMATION_RULES, b))).toEqual([]);
  });

  it('compares workbook content as JSON, and location without case or spaces', () => {
    const sent = { location: 'westeurope', kind: 'shared', properties: { displayName: 'w', category: 'sentinel', serializedData: '{"version":"Notebook/1.0","items":[]}' } };
    const back = { location: 'West Europe', kind: 'shared', properties: { displayName: 'w', category: 'sentinel', serializedData: '{ "items": [], "version": "Notebook/1.0" }', timeModified: 't', revision: 'r' } };
    expect(diff(normalize(WORKBOOKS, back), normalize(WORKBOOKS, sent))).toEqual([]);
    const edited = { ...sent, properties: { ...sent.properties, serializedData: '{"version":"Notebook/1.0","items":[{"type":1}]}' } };
    // An empty list is an absent value, so the first item shows as the list appearing.
    expect(diff(normalize(WORKBOOKS, back), normalize(WORKBOOKS, edited))).toEqual([{ path: 'properties.serializedData.items', after: [{ type: 1 }] }]);
  });

  it('keys watchlist rows by search key, ignoring the CSV upload properties', () => {
    const sent = { properties: { displayName: 'd', provider: 'p', itemsSearchKey: 'Upn', rawContent: 'Upn\na', contentType: 'text/csv' } };
    const back = { properties: { displayName: 'd', provider: 'p', itemsSearchKey: 'Upn', watchlistId: 'g', provisioningState: 'Succeeded' } };
    const rows = [{ key: 'a', values: { Upn: 'a' } }, { key: 'b', values: { Upn: 'b' } }];
    expect(diff(normalize(WATCHLISTS, back, [...rows].reverse()), normalize(WATCHLISTS, sent, rows))).toEqual([]);
    expect(diff(normalize(WATCHLISTS, back, rows.slice(0, 1)), normalize(WATCHLISTS, sent, rows))).toEqual([{ path: 'items.b', after: { Upn: 'b' } }]);
  });
});

describe('lineDiff', () => {
  it('keeps common lines and marks removed and added ones', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc\nd')).toEqual([' a', '-b', '+x', ' c', '+d']);
  });
});
