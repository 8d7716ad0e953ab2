/** Tamper: the agent reported tampering in a verified (signed) check-in. Severity high. @module */
import type { Detector, Finding } from '../types.js';

export const detectTamper: Detector = (ctx) => {
  const out: Finding[] = [];
  for (const c of ctx.all) {
    if (c.tamper !== true) continue;
    out.push({
      detector: 'tamper',
      severity: 'high',
      deviceId: c.deviceId,
      at: c.at,
      checkInIds: [c.checkInId],
      facts: { tamper: true },
      message: `${c.deviceId}: the agent reported tampering`,
    });
  }
  return out;
};
