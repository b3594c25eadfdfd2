// Sentinel's own rules for analytics rules that a JSON Schema cannot express: duration bounds and their
// relation, ATT&CK technique/tactic consistency, identifier combinations per entity, placeholder counts,
// kind-specific keys and repository-wide unique ids. Limits follow the service (ARM API) and Microsoft's
// Azure-Sentinel content validator (.script/tests/detectionTemplateSchemaValidation), so a rule that passes
// here is one Sentinel accepts; where only the content validator refuses something, it is a warning, as
// the rule deploys but cannot be published to the Content Hub.
import { error, formatLocation, warning, type Problem } from '../core/problems.js';
import { toPointer } from '../core/yaml.js';
import { lookupTechnique, attackVersion } from './attack.js';
import { ENTITY_TYPES } from './entity-model.js';
import { parseDuration } from '../core/duration.js';
import type { RuleDefinition } from './types.js';

export const SENTINEL_LIMITS = {
  minQueryInterval: 5 * 60_000,
  maxQueryInterval: 14 * 24 * 3_600_000,
  /** A rule looking back 2 days or more may run at most hourly (FrequencyLimitationForLongPeriodQuery). */
  longPeriod: 2 * 24 * 3_600_000,
  longPeriodMinFrequency: 3_600_000,
  maxPlaceholders: 3,
  /** Rendered query length (QueryBasedTemplateInternalModel: StringLength(10000)); checked after rendering. */
  maxQueryLength: 10_000,
} as const;

const SCHEDULE_KEYS = ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] as const;

/** Sentinel's placeholder syntax in alertDetailsOverride formats (MaxAmountOfDynamicContentPlaceHolders). */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Everything Sentinel enforces on one rule beyond its JSON Schema. Values of the wrong type are skipped
 * (the schema reports them), so this can run on any loaded document.
 */
export function checkSentinelConstraints(rule: RuleDefinition): Problem[] {
  const ctx = new Checker(rule);
  ctx.kindKeys();
  ctx.schedule();
  ctx.techniques();
  ctx.entities();
  ctx.placeholders();
  ctx.incidentGrouping();
  return ctx.problems;
}

class Checker {
  readonly problems: Problem[] = [];
  private readonly doc: Record<string, unknown>;

  constructor(private readonly rule: RuleDefinition) {
    this.doc = isRecord(rule.doc) ? (rule.doc as Record<string, unknown>) : {};
  }

  private at(code: string, message: string, pointer: string): void {
    this.problems.push(error(code, message, this.rule.source.locate(pointer)));
  }

  private atKey(code: string, message: string, pointer: string): void {
    this.problems.push(error(code, message, this.rule.source.locateKey(pointer)));
  }

  kindKeys(): void {
    if (this.doc['kind'] !== 'NRT') return;
    for (const key of SCHEDULE_KEYS) {
      if (key in this.doc) {
        this.atKey(
          'sentinel-nrt',
          `NRT rules run every minute over the newest data and take no ${key}: remove it, or make the rule kind: Scheduled`,
          toPointer([key]),
        );
      }
    }
  }

  schedule(): void {
    if (this.doc['kind'] !== 'Scheduled') return;
    const { minQueryInterval, maxQueryInterval, longPeriod, longPeriodMinFrequency } = SENTINEL_LIMITS;
    const read = (key: 'queryFrequency' | 'queryPeriod') => {
      const text = this.doc[key];
      if (typeof text !== 'string') return undefined;
      const d = parseDuration(text);
      if (!d) return undefined; // malformed: reported by the schema
      if (d.ms < minQueryInterval || d.ms > maxQueryInterval) {
        this.at(
          key === 'queryFrequency' ? 'sentinel-query-frequency' : 'sentinel-query-period',
          `${key} ${text} is out of range: Sentinel accepts 5m to 14d`,
          toPointer([key]),
        );
        return undefined;
      }
      return { text, ms: d.ms };
    };
    const frequency = read('queryFrequency');
    const period = read('queryPeriod');
    if (!frequency || !period) return;
    if (period.ms < frequency.ms) {
      this.at(
        'sentinel-query-period',
        `queryPeriod ${period.text} is shorter than queryFrequency ${frequency.text}: rows between runs would never be queried; queryPeriod must be at least queryFrequency`,
        '/queryPeriod',
      );
    } else if (period.ms >= longPeriod && frequency.ms < longPeriodMinFrequency) {
      this.at(
        'sentinel-query-frequency',
        `queryFrequency ${frequency.text} is too frequent for queryPeriod ${period.text}: when queryPeriod is 2d or more, Sentinel requires queryFrequency of at least 1h`,
        '/queryFrequency',
      );
    }
  }

  techniques(): void {
    const techniques = this.doc['relevantTechniques'];
    if (!Array.isArray(techniques)) return;
    const tactics = new Set(Array.isArray(this.doc['tactics']) ? this.doc['tactics'].filter((t) => typeof t === 'string') : []);
    techniques.forEach((id: unknown, i) => {
      if (typeof id !== 'string' || !/^T\d{4}(\.\d{3})?$/.test(id)) return; // the schema reports the form
      const pointer = toPointer(['relevantTechniques', i]);
      const technique = lookupTechnique(id);
      if (!technique) {
        this.at('sentinel-technique', `${id} is not a technique in MITRE ATT&CK Enterprise v${attackVersion()} (revoked, deprecated or mistyped?)`, pointer);
        return;
      }
      if (!technique.tactics.some((t) => tactics.has(t))) {
        this.at(
          'sentinel-technique-tactic',
          `technique ${id} (${technique.name}) belongs to ${technique.tactics.join(', ')}; list at least one of them in tactics`,
          pointer,
        );
      }
    });
  }

  entities(): void {
    const mappings = this.doc['entityMappings'];
    if (!Array.isArray(mappings)) return;
    if (mappings.length === 0) {
      const message = "entityMappings is empty: Sentinel refuses an empty list (tripline leaves it out when deploying) and so does Microsoft's content validator; map an entity or remove the key";
      this.problems.push(warning('content-hub-entity-mappings', message, this.rule.source.locateKey('/entityMappings')));
    }
    mappings.forEach((mapping: unknown, i) => {
      if (!isRecord(mapping) || typeof mapping['entityType'] !== 'string' || !Array.isArray(mapping['fieldMappings'])) return;
      const entityType = mapping['entityType'];
      const used = this.entityIdentifiers(entityType, mapping['fieldMappings'], i);
      const required = ENTITY_TYPES[entityType]?.identifiedBy;
      if (!required || used.size === 0) return; // unknown type or empty list: reported by the schema
      // A miscased identifier (ResourceID) is reported by the schema with its spelling; not again here.
      const usedAnyCase = new Set([...used].map((id) => id.toLowerCase()));
      if (!required.some((set) => set.every((id) => usedAnyCase.has(id.toLowerCase())))) {
        const options = required.map((set) => set.join(' + ')).join(', ');
        this.at(
          'sentinel-entity-identifiers',
          `${entityType} entity cannot be identified: map ${required.length > 1 ? 'at least one of ' : ''}${options}`,
          toPointer(['entityMappings', i, 'entityType']),
        );
      }
    });
  }

  /** The identifiers of one mapping: a repeated one is an error, one the Content Hub refuses a warning. */
  private entityIdentifiers(entityType: string, fields: unknown[], i: number): Set<string> {
    const used = new Set<string>();
    fields.forEach((field, j) => {
      if (!isRecord(field) || typeof field['identifier'] !== 'string') return;
      const identifier = field['identifier'];
      const pointer = toPointer(['entityMappings', i, 'fieldMappings', j, 'identifier']);
      if (used.has(identifier)) {
        this.at('sentinel-entity-identifiers', `identifier ${identifier} is mapped twice in this ${entityType} entity; each identifier may appear once`, pointer);
      }
      used.add(identifier);
      if (ENTITY_TYPES[entityType]?.notInContentHub.includes(identifier)) {
        const message = `Sentinel accepts identifier ${identifier} for ${entityType}, but Microsoft's content validator refuses it: a rule mapping it cannot be published to the Content Hub`;
        this.problems.push(warning('content-hub-entity-identifier', message, this.rule.source.locate(pointer)));
      }
    });
    return used;
  }

  placeholders(): void {
    const override = this.doc['alertDetailsOverride'];
    if (!isRecord(override)) return;
    for (const key of ['alertDisplayNameFormat', 'alertDescriptionFormat'] as const) {
      const format = override[key];
      if (typeof format !== 'string') continue;
      const matches = [...format.matchAll(PLACEHOLDER)];
      if (matches.length <= SENTINEL_LIMITS.maxPlaceholders) continue;
      const pointer = toPointer(['alertDetailsOverride', key]);
      const message = `${key} has ${matches.length} {{column}} placeholders; Sentinel allows at most ${SENTINEL_LIMITS.maxPlaceholders}`;
      // Point at the first placeholder over the limit when the scalar maps offsets exactly.
      const map = this.rule.source.scalarOffsetMapper(pointer);
      const first = matches[SENTINEL_LIMITS.maxPlaceholders]!;
      if (map) {
        const pos = map(first.index);
        this.problems.push(error('sentinel-alert-placeholders', message, { file: this.rule.source.file, ...pos, pointer }));
      } else {
        this.at('sentinel-alert-placeholders', message, pointer);
      }
    }
  }

  incidentGrouping(): void {
    const incident = this.doc['incidentConfiguration'];
    const grouping = isRecord(incident) ? incident['groupingConfiguration'] : undefined;
    if (!isRecord(grouping) || grouping['enabled'] !== true) return;
    const base = ['incidentConfiguration', 'groupingConfiguration'];
    const list = (key: string): unknown[] => (Array.isArray(grouping[key]) ? (grouping[key] as unknown[]) : []);
    if (grouping['matchingMethod'] === 'Selected' && !['groupByEntities', 'groupByAlertDetails', 'groupByCustomDetails'].some((k) => list(k).length > 0)) {
      this.at(
        'sentinel-incident-grouping',
        'matchingMethod Selected needs at least one non-empty groupByEntities, groupByAlertDetails or groupByCustomDetails',
        toPointer([...base, 'matchingMethod']),
      );
    }
    const mapped = new Set(
      (Array.isArray(this.doc['entityMappings']) ? this.doc['entityMappings'] : [])
        .map((m: unknown) => (isRecord(m) ? m['entityType'] : undefined))
        .filter((t): t is string => typeof t === 'string'),
    );
    list('groupByEntities').forEach((t, i) => {
      if (typeof t === 'string' && !mapped.has(t)) {
        this.at('sentinel-incident-grouping', `groupByEntities names ${t}, but entityMappings maps no ${t} entity`, toPointer([...base, 'groupByEntities', i]));
      }
    });
    const details = isRecord(this.doc['customDetails']) ? this.doc['customDetails'] : {};
    list('groupByCustomDetails').forEach((k, i) => {
      if (typeof k === 'string' && !(k in details)) {
        this.at('sentinel-incident-grouping', `groupByCustomDetails names ${k}, which is not a key of customDetails`, toPointer([...base, 'groupByCustomDetails', i]));
      }
    });
  }
}

/** Ids must be unique across the repository: each later use of an id is reported, naming the first. */
export function checkRepositoryConstraints(rules: readonly RuleDefinition[]): Problem[] {
  const byId = new Map<string, { id: string; rules: RuleDefinition[] }>();
  for (const rule of rules) {
    const id = isRecord(rule.doc) ? rule.doc.id : undefined;
    if (typeof id !== 'string' || id === '') continue;
    const key = id.toLowerCase(); // Sentinel resource names are case-insensitive
    const entry = byId.get(key) ?? { id, rules: [] };
    entry.rules.push(rule);
    byId.set(key, entry);
  }
  // Every file carrying the id is reported: which one is the copy is for the author to say.
  const problems: Problem[] = [];
  for (const { id, rules: sharing } of byId.values()) {
    if (sharing.length < 2) continue;
    for (const rule of sharing) {
      const others = sharing.filter((r) => r !== rule).map((r) => formatLocation(r.source.locate('/id')));
      problems.push(
        error('duplicate-id', `id ${id} is also used by the rule in ${others.join(', ')}; every rule needs its own GUID`, rule.source.locate('/id')),
      );
    }
  }
  return problems;
}
