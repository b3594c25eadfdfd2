// @peculiar/x509 resolves its serializers through tsyringe, which refuses to load unless a Reflect
// metadata API exists (it expects the reflect-metadata package). x509 only needs lookups that find
// nothing, so a small WeakMap store suffices instead of another dependency. Installed only when absent.
type Store = WeakMap<object, Map<string | symbol | undefined, Map<unknown, unknown>>>;

interface ReflectMetadata {
  getMetadata?(key: unknown, target: object, prop?: string | symbol): unknown;
}

export function installReflectMetadata(): void {
  const r = Reflect as unknown as ReflectMetadata & Record<string, unknown>;
  if (typeof r.getMetadata === 'function') return;
  const store: Store = new WeakMap();
  const own = (target: object, prop: string | symbol | undefined, create: boolean): Map<unknown, unknown> | undefined => {
    let byProp = store.get(target);
    if (!byProp && create) store.set(target, (byProp = new Map()));
    let map = byProp?.get(prop);
    if (!map && create && byProp) byProp.set(prop, (map = new Map()));
    return map;
  };
  const getOwnMetadata = (key: unknown, target: object, prop?: string | symbol): unknown => own(target, prop, false)?.get(key);
  const getMetadata = (key: unknown, target: object, prop?: string | symbol): unknown => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const m = own(t, prop, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  const defineMetadata = (key: unknown, value: unknown, target: object, prop?: string | symbol): void => {
    own(target, prop, true)!.set(key, value);
  };
  Object.assign(r, {
    getMetadata,
    getOwnMetadata,
    defineMetadata,
    hasMetadata: (key: unknown, target: object, prop?: string | symbol) => getMetadata(key, target, prop) !== undefined,
    hasOwnMetadata: (key: unknown, target: object, prop?: string | symbol) => own(target, prop, false)?.has(key) ?? false,
    metadata: (key: unknown, value: unknown) => (target: object, prop?: string | symbol) => defineMetadata(key, value, target, prop),
  });
}
