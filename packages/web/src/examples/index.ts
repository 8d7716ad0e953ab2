/**
 * Built-in example cases for "Load example": copies of examples/cases/*.json (the browser test
 * checks they stay equal).
 */
import type { CaseFile } from '../api';
import duvStage from './duv-stage-china-2026.json';
import h100Uae from './h100-uae-2024.json';
import h200China from './h200-china-export-2026.json';

export interface ExampleCase {
  readonly id: string;
  readonly title: string;
  readonly caseFile: CaseFile;
}

export const EXAMPLES: readonly ExampleCase[] = [
  { id: 'h100-uae-2024', title: 'H100 → UAE data center (2024)', caseFile: h100Uae as CaseFile },
  {
    id: 'h200-china-export-2026',
    title: 'H200 → China, H200-path certifications (2026)',
    caseFile: h200China as CaseFile,
  },
  { id: 'duv-stage-china-2026', title: 'DUV wafer-stage module → China (2026)', caseFile: duvStage as CaseFile },
];
