/**
 * Alert deduplication: findings of one detector on one device merge into one alert while each is less than
 * `dedupWindowHours` after the previous one; the alert keeps every check-in id and fact as evidence.
 * The alert id is derived from detector, device and the first finding's time, so re-running gives the same ids.
 * @module
 */
import { createHash } from 'node:crypto';
import { HOUR_MS, toMs } from './time.js';
import { type Alert, type Fact, type Finding, SEVERITY_RANK } from './types.js';

export function alertId(detector: string, deviceId: string, at: string): string {
  return `al_${createHash('sha256').update(`${detector}\u0000${deviceId}\u0000${at}`).digest('hex').slice(0, 16)}`;
}

export function dedupFindings(findings: readonly Finding[], dedupWindowHours: number): Alert[] {
  const sorted = findings
    .map((f) => ({ f, t: toMs(f.at) }))
    .sort(
      (a, b) =>
        (a.f.detector < b.f.detector ? -1 : a.f.detector > b.f.detector ? 1 : 0) ||
        (a.f.deviceId < b.f.deviceId ? -1 : a.f.deviceId > b.f.deviceId ? 1 : 0) ||
        a.t - b.t,
    );
  const alerts: Alert[] = [];
  let group: { f: Finding; t: number }[] = [];
  const flush = () => {
    const first = group[0];
    const last = group.at(-1);
    if (!first || !last) return;
    const ids: string[] = [];
    const seen = new Set<string>();
    const facts: Fact[] = [];
    let severity = first.f.severity;
    for (const { f } of group) {
      for (const id of f.checkInIds)
        if (!seen.has(id)) {
          seen.add(id);
          ids.push(id);
        }
      facts.push(f.facts);
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[severity]) severity = f.severity;
    }
    alerts.push({
      id: alertId(first.f.detector, first.f.deviceId, first.f.at),
      detector: first.f.detector,
      severity,
      deviceId: first.f.deviceId,
      at: first.f.at,
      lastAt: last.f.at,
      evidence: { checkInIds: ids, facts, findings: group.length },
      message: group.length === 1 ? first.f.message : `${first.f.message} (+${group.length - 1} more)`,
    });
    group = [];
  };
  for (const x of sorted) {
    const prev = group.at(-1);
    if (
      prev &&
      (prev.f.detector !== x.f.detector ||
        prev.f.deviceId !== x.f.deviceId ||
        x.t - prev.t >= dedupWindowHours * HOUR_MS)
    )
      flush();
    group.push(x);
  }
  flush();
  return alerts.sort((a, b) => toMs(a.at) - toMs(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
