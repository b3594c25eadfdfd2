// The Microsoft Graph detectionRule body (beta shape) and the per-property verdicts of a conversion from
// a Sentinel analytics rule. Facts: docs/reference/defender-custom-detections.md (§2 shape, §4 mapping).
import type { Problem } from '../core/problems.js';

/**
 * direct: same value, other place. converted: a mechanical transformation (`how` says which). lossy: the
 * SOC loses behaviour (a warning). impossible: no Defender equivalent for the rule as written (an error).
 */
export type Verdict = 'direct' | 'converted' | 'lossy' | 'impossible';

export interface PropertyVerdict {
  /** The Sentinel property (rule file key path), or `defender.<key>` for Defender-only settings. */
  sentinel: string;
  /** Where it lands in the detectionRule body, or `—` when nowhere. */
  defender: string;
  verdict: Verdict;
  how: string;
  /** JSON pointer into the rule file, for locating problems. */
  pointer: string;
}

export type EntityMappings = Record<string, Record<string, string>[]>;

export interface MitreTactic {
  tactic: string;
  techniques?: { technique: string; subTechniques?: string[] }[];
}

export interface AlertTemplate {
  title: string;
  description: string;
  severity: 'informational' | 'low' | 'medium' | 'high';
  recommendedActions?: string;
  tactics?: MitreTactic[];
  entityMappings?: EntityMappings;
  customDetails?: Record<string, string>;
  eventGroupingKind?: 'alertPerEvent' | 'singleAlert';
}

export interface DetectionRuleBody {
  '@odata.type': '#microsoft.graph.security.detectionRule';
  id: string;
  displayName: string;
  description: string;
  status: 'enabled' | 'disabled';
  queryCondition: { queryText: string };
  schedule: { frequency: string; lookback?: string };
  detectionAction: {
    alertTemplate: AlertTemplate;
    automatedActions?: Record<string, Record<string, unknown>[]>;
    organizationalScope?: { deviceGroups: string[] };
    incidentConfiguration?: { isExcludedFromIncidentCorrelation: boolean };
  };
}

export interface Conversion {
  body: DetectionRuleBody;
  properties: PropertyVerdict[];
  /** Impossible properties (errors) and lossy ones (warnings), located in the rule file. */
  problems: Problem[];
}
