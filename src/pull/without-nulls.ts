// The service spells "not set" as null; tripline's file formats spell it by leaving the key out (their
// schemas reject null), and plans treat both alike.
export function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return strip(value) as Record<string, unknown>;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = strip(v);
  return out;
}
