/**
 * Item-specific facts from the reference that classification reports but never uses to decide:
 * third-party labels that disagree with the arithmetic, and PRC-designed ICs named in BIS GP10 guidance.
 * @module
 */
import type { Citation, ItemSpec } from '../types.js';
import { SWK } from './citations.js';

export interface ThirdPartyLabel {
  readonly partIds: readonly string[];
  readonly namePattern: RegExp;
  readonly label: string;
  readonly source: Citation;
  readonly extra: string;
  readonly extraCitations: readonly Citation[];
}

export const THIRD_PARTY_LABELS: readonly ThirdPartyLabel[] = [
  {
    partIds: ['nvidia-h20'],
    namePattern: /\bH20\b/i,
    label: '3A090.b.2',
    source: SWK,
    extra:
      'Separately, the US Government informed NVIDIA on 2025-04-09/14 that the H20 (and ICs matching its memory or interconnect bandwidth) needs a licence to China, Macau and D:5 or to entities headquartered there "for the indefinite future" (an is-informed notice, not a published rule; reported legal basis §744.23). The determination stage must handle that.',
    extraCitations: [
      { cfr: '15 CFR 744.23(b)', note: 'is-informed notices' },
      {
        url: 'https://www.sec.gov/Archives/edgar/data/1045810/000104581025000082/nvda-20250409.htm',
        note: 'NVIDIA 8-K filed 2025-04-15 (docs/research/ear-rules.md §5)',
      },
      { note: 'Stackport reference docs/research/ear-rules.md §8.4 item 6' },
    ],
  },
];

export function thirdPartyLabelFor(spec: ItemSpec): ThirdPartyLabel | undefined {
  return THIRD_PARTY_LABELS.find(
    (l) =>
      (spec.partId !== undefined && l.partIds.includes(spec.partId)) ||
      (spec.name !== undefined && l.namePattern.test(spec.name)),
  );
}

/** PRC-designed 3A090 ICs named in the BIS 2025-05-13 GP10 guidance (Huawei Ascend 910B/910C/910D). */
export function isNamedPrcIc(spec: ItemSpec): boolean {
  return (spec.partId?.startsWith('huawei-') ?? false) || /\b(huawei|ascend)\b/i.test(spec.name ?? '');
}
