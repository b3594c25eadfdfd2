// The domain model of a rule as it moves through the pipeline: RuleDefinition (loaded, schema-checked)
// -> RenderedRule (query rendered for one environment, positions still traceable to the YAML file).
import type { YamlSource, Position } from '../core/yaml.js';
import type { JsonSchema } from '../core/json.js';
import type { Target } from '../environments/types.js';

export type RuleKind = 'Scheduled' | 'NRT';

export interface EntityIdentifier {
  identifier: string;
  columnName: string;
}

export interface EntityMapping {
  entityType: string;
  fieldMappings: EntityIdentifier[];
}

export interface AlertDetailsOverride {
  alertDisplayNameFormat?: string;
  alertDescriptionFormat?: string;
  alertTacticsColumnName?: string;
  alertSeverityColumnName?: string;
  alertDynamicProperties?: { alertProperty: string; value: string }[];
}

export interface EventGroupingSettings {
  aggregationKind: 'SingleAlert' | 'AlertPerResult';
}

export interface IncidentConfiguration {
  createIncident: boolean;
  groupingConfiguration?: {
    enabled: boolean;
    reopenClosedIncident?: boolean;
    lookbackDuration?: string;
    matchingMethod?: 'AllEntities' | 'AnyAlert' | 'Selected';
    groupByEntities?: string[];
    groupByAlertDetails?: string[];
    groupByCustomDetails?: string[];
  };
}

/**
 * `defender:`: what only a Defender XDR custom detection has, and how to resolve Sentinel properties that
 * have no Defender equivalent (docs/reference/defender-custom-detections.md §4).
 */
export interface DefenderSettings {
  recommendedActions?: string;
  deviceGroups?: string[];
  automatedActions?: Record<string, Record<string, unknown>[]>;
  /** Fold triggerOperator/triggerThreshold into the KQL (Defender has no trigger threshold). */
  threshold?: 'in-query';
  /** Deploy without suppression (Defender has none). */
  suppression?: 'drop';
  /** Leave out entity identifiers that have no Defender column. */
  unmappedIdentifiers?: 'drop';
  isExcludedFromIncidentCorrelation?: boolean;
  /** Deploy to Sentinel too where an environment targets Defender (every alert twice). */
  alsoSentinel?: boolean;
}

/** The rule file's content, in the Azure-Sentinel detection schema plus tripline's keys. */
export interface RuleDocument {
  id: string;
  name: string;
  description: string;
  severity: 'Informational' | 'Low' | 'Medium' | 'High';
  kind: RuleKind;
  requiredDataConnectors?: { connectorId: string; dataTypes: string[] }[];
  queryFrequency?: string;
  queryPeriod?: string;
  triggerOperator?: string;
  triggerThreshold?: number;
  tactics?: string[];
  relevantTechniques?: string[];
  query: string;
  entityMappings?: EntityMapping[];
  customDetails?: Record<string, string>;
  alertDetailsOverride?: AlertDetailsOverride;
  eventGroupingSettings?: EventGroupingSettings;
  incidentConfiguration?: IncidentConfiguration;
  suppressionDuration?: string;
  suppressionEnabled?: boolean;
  version?: string;
  status?: string;
  enabled?: boolean;
  parameters?: JsonSchema;
  tests?: unknown[];
  defender?: DefenderSettings;
  [other: string]: unknown;
}

export interface QueryPosition extends Position {
  file: string;
}

export interface RuleDefinition {
  /** Path as given / relative to the repository root. */
  file: string;
  /** File name without directory and extension: the name of render outputs. */
  stem: string;
  doc: RuleDocument;
  source: YamlSource;
}

export interface RenderedRule {
  rule: RuleDefinition;
  environment: string;
  /** The platform the query was rendered for (`@target.defender`). */
  target: Target;
  /** Of a rule with a `defender:` key, rendered for Sentinel: the rule as rendered for Defender. */
  defender?: RenderedRule;
  /** Parameter values after defaults were applied. */
  parameters: Record<string, unknown>;
  /** The KQL exactly as it will be deployed. */
  query: string;
  /**
   * Maps an offset in `query` to where that text was written: a line and column of the rule file's
   * `query:` block, or of the partial (templates/<name>.hbs) it came from. Text produced by a helper maps
   * to the position of the `{{...}}` expression that produced it.
   */
  mapQueryOffset(offset: number): QueryPosition;
}
