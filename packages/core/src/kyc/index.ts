/** Cloud-compute customer due diligence (IaaS KYC, issue 8, pure core): rules, foreign-person determination, red flags, training-run detection, assessment. @module */
export * from './assess.js';
export { countryListAt } from './country-lists.js';
export * from './foreign-person.js';
export { type PhoneCountry, phoneCountries } from './phone.js';
export * from './red-flags.js';
export * from './report.js';
export * from './rules.js';
export * from './screening.js';
export * from './training-report.js';
export {
  ACCELERATOR_PEAK_FLOPS,
  type AcceleratorSpec,
  DEFAULT_TRAINING_THRESHOLD_OPS,
  DEFAULT_TRAINING_WINDOW_DAYS,
  detectLargeTrainingRuns,
  estimateRecordOps,
  estimateTrainingRuns,
  type RejectedUsage,
  TRAINING_RUN_LEGAL_NOTE,
  type TrainingRunEstimate,
  type TrainingRunLine,
  type TrainingRunOptions,
  usageRecordProblem,
} from './training-run.js';
export * from './types.js';
