/**
 * Silent device: no verified check-in for (`silentIntervals` + `silentGraceFraction`) × the expected interval. Fires for every gap in the
 * history and for the open gap up to `now`. The finding's time is the moment silence became provable
 * (last check-in + N intervals), never `now`. Proves only absence of evidence; severity medium.
 * @module
 */
import { HOUR_MS, toIso, toMs } from '../time.js';
import type { Detector, Finding } from '../types.js';

export const detectSilent: Detector = (ctx) => {
  const out: Finding[] = [];
  for (const [deviceId, list] of ctx.byDevice) {
    const device = ctx.devices.get(deviceId);
    if (!device) continue;
    const limitMs =
      (ctx.config.silentIntervals + ctx.config.silentGraceFraction) * device.expectedCheckInHours * HOUR_MS;
    let prevMs = device.priorCheckIn
      ? toMs(device.priorCheckIn.at)
      : device.registeredAt
        ? toMs(device.registeredAt)
        : undefined;
    let prevId: string | undefined = device.priorCheckIn?.checkInId;
    const gap = (fromMs: number, untilMs: number, nextId?: string) => {
      if (untilMs - fromMs < limitMs) return;
      const hours = (untilMs - fromMs) / HOUR_MS;
      out.push({
        detector: 'silent',
        severity: 'medium',
        deviceId,
        at: toIso(fromMs + limitMs),
        checkInIds: [prevId, nextId].filter((x): x is string => x !== undefined),
        // An open gap's length grows with `now`: it is left out of the facts, so a later pass finds the same
        // finding (and merges nothing new) until the device resumes.
        facts: {
          lastCheckInAt: prevId ? toIso(fromMs) : 'never',
          ...(nextId !== undefined ? { silentHours: Math.round(hours * 10) / 10 } : {}),
          expectedCheckInHours: device.expectedCheckInHours,
          resumed: nextId !== undefined,
        },
        message: `${deviceId}: no verified check-in for ${ctx.config.silentIntervals}+ intervals (${Math.round(hours)} h${nextId ? ', then resumed' : ''})`,
      });
    };
    for (const c of list) {
      const t = toMs(c.at);
      if (t > ctx.nowMs) break;
      if (prevMs !== undefined) gap(prevMs, t, c.checkInId);
      prevMs = t;
      prevId = c.checkInId;
    }
    if (prevMs !== undefined) gap(prevMs, ctx.nowMs);
  }
  return out;
};
