/** The "needs input" strings classification returns. Stable: callers may match on them. @module */
export const NEEDS_INPUT = {
  performance: 'needs input: dense TOPS per precision with bit length',
  dieArea: 'needs input: non-planar logic die area (for performance density)',
  datacenter: 'needs input: designed or marketed for datacenters (3A090 Note 2)',
  io: 'needs input: aggregate bidirectional transfer rate over all inputs and outputs except volatile memory, GB/s (2022 text of 3A090.a)',
  hbmBandwidth: 'needs input: HBM memory bandwidth, GB/s (3A090.c)',
  hbmArea: 'needs input: HBM package or stack area, mm² (3A090.c)',
  smeEccn: 'needs input: the SME ECCN paragraph the exporter has determined (e.g. 3B993.f.1)',
  trainingOps: 'needs input: training operations (pre-training and all subsequent training, 4E091 Technical Note)',
  published: 'needs input: whether the model weights are published (15 CFR 734.7)',
  assertedEccn: 'needs input: the ECCN the exporter has determined for this item (or EAR99)',
} as const;

/** The honest answer when an IC or computer falls outside 3A090/4A090: the remaining CCL decides. */
export const RESIDUAL_ECCN_IC = '3A991 or EAR99 (determine by the remaining CCL entries)';
export const RESIDUAL_ECCN_COMPUTER = 'another ECCN or EAR99 (determine by the remaining CCL entries)';
export const RESIDUAL_ECCN_GENERIC = 'another ECCN or EAR99 (determine by the CCL text in force on the date)';
