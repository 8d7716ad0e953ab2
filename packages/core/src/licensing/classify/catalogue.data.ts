/**
 * Bundled catalogue of AI chips, systems, HBM, SME examples and model weights. Facts only, as the sources state
 * them (sparsity figures flagged `sparse: true`); `classify` computes TPP/PD and the ECCN — no classification
 * answer is stored here. Figures were re-derived from the vendor datasheets and press sources cited by the
 * Stackport reference (docs/research/ear-rules.md §1.4) and the SWK compilation
 * (shared/data/chips/chip-specs.json, used as a pointer to sources only: it has no licence). The URLs could
 * not be re-opened offline when this file was written (2026-11-22): re-check figures against the current
 * datasheets before relying on them. Source notes saying "estimate" drive the PD_INPUT_UNCERTAIN /
 * VENDOR_FIGURES_VARY / MBD_INPUT_UNCERTAIN flags.
 * @module
 */
import type { Citation, ItemSpec, PrecisionFigure } from '../types.js';
import type { CataloguePart } from './catalogue-types.js';

type PartInput = Omit<CataloguePart, 'spec'> & { spec: Omit<ItemSpec, 'sources' | 'partId' | 'name'> };

/** Copies id, name and sources into the spec so classify can see them. */
function part(p: PartInput): CataloguePart {
  return { ...p, spec: { ...p.spec, partId: p.id, name: `${p.manufacturer} ${p.name}`, sources: p.sources } };
}

const f = (precision: string, bitLength: number, tops: number, sparse = false): PrecisionFigure =>
  sparse ? { precision, bitLength, tops, sparse: true } : { precision, bitLength, tops };

// ---------------------------------------------------------------- shared sources
const H100_DS: Citation = {
  url: 'https://resources.nvidia.com/en-us-gpu/h100-datasheet-24306',
  note: 'NVIDIA H100 Tensor Core GPU datasheet: tensor figures stated "with sparsity" (halved here); FP64 Tensor dense; NVLink 900 GB/s (SXM) / 600 GB/s bridge (PCIe); PCIe Gen5 128 GB/s; HBM3 3.35 TB/s (SXM), 2 TB/s (PCIe)',
};
const HOPPER_BLOG: Citation = {
  url: 'https://developer.nvidia.com/blog/nvidia-hopper-architecture-in-depth/',
  note: 'NVIDIA Hopper architecture in depth: GH100 die 814 mm² on TSMC 4N (FinFET), 80 billion transistors',
};
const AMPERE_WP: Citation = {
  url: 'https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf#page=14',
  note: 'NVIDIA Ampere architecture whitepaper: GA100 die 826 mm² on TSMC 7 nm (FinFET), 54.2 billion transistors',
};
const BLACKWELL_TB: Citation = {
  url: 'https://www.tech-odyssey.cn/pdf/nv-gpu/NVIDIA-Blackwell-Architecture-Technical-Overview.pdf#page=19',
  note: 'NVIDIA Blackwell architecture technical brief (mirror): per-GPU dense tensor throughput, NVLink 1.8 TB/s, HBM3e 8 TB/s; 208 billion transistors, TSMC 4NP',
};
const BLACKWELL_DIE: Citation = {
  url: 'https://www.tomshardware.com/pc-components/gpus/nvidias-next-gen-ai-gpu-revealed-blackwell-b200-gpu-delivers-up-to-20-petaflops-of-compute-and-massive-improvements-over-hopper-h100',
  note: "Die area estimate: two reticle-sized dies, ~1,628 mm² in total (Tom's Hardware; NVIDIA does not publish it)",
};
const MI300_DIE: Citation = {
  url: 'https://www.techpowerup.com/gpu-specs/radeon-instinct-mi300x.c4179',
  note: 'Die area estimate ~1,017 mm² (TechPowerUp). Unclear which chiplets count: the XCDs (TSMC N5) and the I/O dies (N6) are both FinFET, so the applicable area may be larger (reference §8.4 item 4)',
};
const FR_REVIEW: Citation = {
  url: 'https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm',
  note: '91 FR 1684 (FR Doc 2026-00789): case-by-case path for TPP < 21,000 and total DRAM bandwidth < 6,500 GB/s, "such as the NVIDIA H200 or AMD MI325X"',
};
const REF_14: Citation = { note: 'Stackport reference docs/research/ear-rules.md §1.4 (worked TPP/PD examples)' };

// ---------------------------------------------------------------- catalogue
export const CATALOGUE: readonly CataloguePart[] = [
  part({
    id: 'nvidia-h100-sxm',
    name: 'H100 SXM5 80GB',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP8', 8, 3958, true),
        f('INT8', 8, 3958, true),
        f('FP16', 16, 1979, true),
        f('BF16', 16, 1979, true),
        f('TF32', 32, 989, true),
        f('FP64', 64, 67),
      ],
      nonPlanarLogicDieAreaMm2: 814,
      datacenter: true,
      aggregateBidirectionalIoGBs: 1028,
      totalDramBandwidthGBs: 3350,
      transistorCountBillions: 80,
    },
    sources: [H100_DS, HOPPER_BLOG, REF_14],
    notes: 'I/O = NVLink 900 GB/s + PCIe Gen5 x16 128 GB/s. Datacenter product (datasheet: "for the data center").',
  }),
  part({
    id: 'nvidia-h100-pcie',
    name: 'H100 PCIe 80GB',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP8', 8, 3026, true),
        f('INT8', 8, 3026, true),
        f('FP16', 16, 1513, true),
        f('BF16', 16, 1513, true),
        f('TF32', 32, 756, true),
        f('FP64', 64, 51),
      ],
      nonPlanarLogicDieAreaMm2: 814,
      datacenter: true,
      aggregateBidirectionalIoGBs: 728,
      totalDramBandwidthGBs: 2000,
      transistorCountBillions: 80,
    },
    sources: [H100_DS, HOPPER_BLOG, REF_14],
    notes: 'I/O = NVLink bridge 600 GB/s + PCIe Gen5 x16 128 GB/s.',
  }),
  part({
    id: 'nvidia-h200-sxm',
    name: 'H200 SXM 141GB',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP8', 8, 3958, true),
        f('INT8', 8, 3958, true),
        f('FP16', 16, 1979, true),
        f('BF16', 16, 1979, true),
        f('TF32', 32, 989, true),
        f('FP64', 64, 67),
      ],
      nonPlanarLogicDieAreaMm2: 814,
      datacenter: true,
      aggregateBidirectionalIoGBs: 1028,
      totalDramBandwidthGBs: 4800,
      transistorCountBillions: 80,
    },
    sources: [
      {
        url: 'https://resources.nvidia.com/en-us-data-center-overview/hpc-datasheet-sc23-h200',
        note: 'NVIDIA H200 datasheet: tensor figures with sparsity (halved here); HBM3e 141 GB at 4.8 TB/s; NVLink 900 GB/s; PCIe Gen5 128 GB/s',
      },
      HOPPER_BLOG,
      FR_REVIEW,
      REF_14,
    ],
    notes:
      'Same GH100 die as the H100. Named in 91 FR 1684 (2026-01-15) as the reference point of the case-by-case path.',
  }),
  part({
    id: 'nvidia-h20',
    name: 'H20',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [f('FP8', 8, 296), f('INT8', 8, 296), f('FP16', 16, 148), f('BF16', 16, 148), f('TF32', 32, 74)],
      nonPlanarLogicDieAreaMm2: 814,
      datacenter: true,
      aggregateBidirectionalIoGBs: 900,
      totalDramBandwidthGBs: 4000,
    },
    sources: [
      {
        url: 'https://www.tomshardware.com/news/nvidias-latest-regulation-compliant-gpu-for-china-has-been-delayed-to-early-next-year',
        note: "Tom's Hardware: H20 FP8 296 TFLOPS, FP16 148 TFLOPS (dense), NVLink 900 GB/s, HBM3 4.0 TB/s",
      },
      HOPPER_BLOG,
      REF_14,
    ],
    notes:
      'China-specific Hopper (GH100 die, 814 mm²). SWK labels it 3A090.b.2; the arithmetic puts it below 3A090.b (reference §1.4, §8.4 item 6).',
  }),
  part({
    id: 'nvidia-b200',
    name: 'B200',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP4', 4, 9000),
        f('FP8', 8, 4500),
        f('FP16', 16, 2250),
        f('BF16', 16, 2250),
        f('TF32', 32, 1100),
        f('FP64', 64, 40),
      ],
      nonPlanarLogicDieAreaMm2: 1628,
      datacenter: true,
      aggregateBidirectionalIoGBs: 1800,
      totalDramBandwidthGBs: 8000,
      transistorCountBillions: 208,
    },
    sources: [BLACKWELL_TB, BLACKWELL_DIE, REF_14],
    notes:
      'Dense figures per GPU. INT8 omitted: the compiled figure (2,500) disagrees with FP8 and could not be checked.',
  }),
  part({
    id: 'nvidia-b300',
    name: 'B300 (Blackwell Ultra)',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP4', 4, 14000),
        f('FP8', 8, 4500),
        f('FP16', 16, 2250),
        f('BF16', 16, 2250),
        f('TF32', 32, 1100),
      ],
      nonPlanarLogicDieAreaMm2: 1628,
      datacenter: true,
      aggregateBidirectionalIoGBs: 1800,
      totalDramBandwidthGBs: 7700,
      transistorCountBillions: 208,
    },
    sources: [
      {
        url: 'https://resources.nvidia.com/en-us-blackwell-architecture/blackwell-ultra-datasheet',
        note: 'NVIDIA Blackwell Ultra datasheet: dense FP4 14 PFLOPS per GPU; the datasheet INT8 figure appears erroneous (vendor figures vary) and is omitted',
      },
      BLACKWELL_DIE,
      REF_14,
    ],
  }),
  part({
    id: 'nvidia-a100-sxm',
    name: 'A100 SXM4 80GB',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [f('FP16', 16, 312), f('BF16', 16, 312), f('INT8', 8, 624), f('TF32', 32, 156), f('FP64', 64, 19.5)],
      nonPlanarLogicDieAreaMm2: 826,
      datacenter: true,
      aggregateBidirectionalIoGBs: 664,
      totalDramBandwidthGBs: 2039,
      transistorCountBillions: 54.2,
    },
    sources: [
      {
        url: 'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet.pdf',
        note: 'NVIDIA A100 datasheet: dense tensor figures (sparse figures are twice these); NVLink 600 GB/s; PCIe Gen4 64 GB/s; HBM2e 2,039 GB/s (80GB SXM)',
      },
      AMPERE_WP,
      REF_14,
    ],
    notes: 'I/O = NVLink 600 GB/s + PCIe Gen4 64 GB/s.',
  }),
  part({
    id: 'nvidia-a800-sxm',
    name: 'A800 SXM4 80GB',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [f('FP16', 16, 312), f('BF16', 16, 312), f('INT8', 8, 624), f('TF32', 32, 156), f('FP64', 64, 19.5)],
      nonPlanarLogicDieAreaMm2: 826,
      datacenter: true,
      aggregateBidirectionalIoGBs: 464,
      totalDramBandwidthGBs: 2000,
      transistorCountBillions: 54.2,
    },
    sources: [
      {
        url: 'https://img.deepbaytech.com/NVIDIA%20A800%20TENSOR%20CORE%20GPU.pdf',
        note: 'NVIDIA A800 datasheet: A100 compute (dense FP16 312, INT8 624 TOPS); NVLink 400 GB/s; PCIe Gen4 64 GB/s; ~2 TB/s HBM2e',
      },
      AMPERE_WP,
      REF_14,
    ],
    notes:
      'China-specific A100 with NVLink cut to 400 GB/s (I/O = 400 + 64 GB/s PCIe), outside the 2022 text of 3A090.',
  }),
  part({
    id: 'nvidia-l4',
    name: 'L4',
    manufacturer: 'NVIDIA',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP8', 8, 485, true),
        f('INT8', 8, 485, true),
        f('FP16', 16, 242, true),
        f('BF16', 16, 242, true),
        f('TF32', 32, 120, true),
      ],
      nonPlanarLogicDieAreaMm2: 294,
      datacenter: true,
      aggregateBidirectionalIoGBs: 64,
      totalDramBandwidthGBs: 300,
    },
    sources: [
      {
        url: 'https://www.nvidia.com/en-us/data-center/l4/',
        note: 'NVIDIA L4 Tensor Core GPU (data center) datasheet: FP8 485 TFLOPS, FP16 242 TFLOPS "with sparsity"; PCIe Gen4 x16; 300 GB/s GDDR6',
      },
      { note: 'AD104 die 294 mm² (TSMC 4N), as in reference docs/research/ear-rules.md §1.4 (thetechnicalissue.com)' },
      REF_14,
    ],
  }),
  part({
    id: 'nvidia-rtx-4090',
    name: 'GeForce RTX 4090',
    manufacturer: 'NVIDIA',
    category: 'gpu-consumer',
    spec: {
      kind: 'integrated-circuit',
      performance: [f('FP8', 8, 660.8)],
      nonPlanarLogicDieAreaMm2: 608.5,
      datacenter: false,
      aggregateBidirectionalIoGBs: 64,
    },
    sources: [
      {
        note: 'FP8 660.8 TFLOPS dense per thetechnicalissue.com (reference docs/research/ear-rules.md §1.4); winbuzzer reports TPP 5,285: vendor figures vary by a unit',
      },
      {
        url: 'https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
        note: 'NVIDIA Ada Lovelace architecture whitepaper: AD102 die 608.5 mm² (TSMC 4N)',
      },
    ],
    notes: 'Consumer (gaming) GPU, not designed or marketed for datacenters. PCIe Gen4 x16 only (64 GB/s), no NVLink.',
  }),
  part({
    id: 'nvidia-rtx-4090-d',
    name: 'GeForce RTX 4090 D',
    manufacturer: 'NVIDIA',
    category: 'gpu-consumer',
    spec: {
      kind: 'integrated-circuit',
      performance: [f('FP8', 8, 588.4)],
      nonPlanarLogicDieAreaMm2: 608.5,
      datacenter: false,
      aggregateBidirectionalIoGBs: 64,
    },
    sources: [
      {
        note: 'FP8 588.4 TFLOPS is a back-calculated estimate from the TPP ≈ 4,707 reported by tomshw.it (2024-04-04; reference docs/research/ear-rules.md §1.4); NVIDIA does not publish the figure',
      },
      {
        url: 'https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
        note: 'NVIDIA Ada Lovelace architecture whitepaper: AD102 die 608.5 mm² (the 4090 D uses a cut-down AD102)',
      },
    ],
    notes:
      'China-market consumer GPU designed to stay under TPP 4,800; relies on Note 2 (its PD would otherwise meet 3A090.a.2).',
  }),
  part({
    id: 'amd-mi300x',
    name: 'Instinct MI300X',
    manufacturer: 'AMD',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP8', 8, 2614.9),
        f('INT8', 8, 2614.9),
        f('FP16', 16, 1307.4),
        f('BF16', 16, 1307.4),
        f('TF32', 32, 653.7),
        f('FP64', 64, 163.4),
      ],
      nonPlanarLogicDieAreaMm2: 1017,
      datacenter: true,
      aggregateBidirectionalIoGBs: 896,
      totalDramBandwidthGBs: 5300,
    },
    sources: [
      {
        url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/data-sheets/amd-instinct-mi300x-data-sheet.pdf',
        note: 'AMD Instinct MI300X data sheet: dense FP8 2,614.9, FP16 1,307.4 TFLOPS; HBM3 5.3 TB/s; Infinity Fabric 896 GB/s. The SWK compilation lists FP16 as 312, inconsistent with the data sheet: vendor figures vary (FP8 gives the TPP either way)',
      },
      MI300_DIE,
      REF_14,
    ],
    notes: 'I/O counts the Infinity Fabric links only (PCIe Gen5 x16 would add 128 GB/s).',
  }),
  part({
    id: 'amd-mi325x',
    name: 'Instinct MI325X',
    manufacturer: 'AMD',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP8', 8, 2614.9),
        f('INT8', 8, 2614.9),
        f('FP16', 16, 1307.4),
        f('BF16', 16, 1307.4),
        f('TF32', 32, 653.7),
      ],
      nonPlanarLogicDieAreaMm2: 1017,
      datacenter: true,
      aggregateBidirectionalIoGBs: 896,
      totalDramBandwidthGBs: 6000,
    },
    sources: [
      {
        url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/product-briefs/instinct-mi325x-datasheet.pdf',
        note: 'AMD Instinct MI325X data sheet: dense FP8 2,614.9 TFLOPS; HBM3E 256 GB at 6 TB/s',
      },
      MI300_DIE,
      FR_REVIEW,
      REF_14,
    ],
    notes: 'Named in 91 FR 1684 (2026-01-15) alongside the H200 (TPP 20,919 < 21,000; 6,000 GB/s < 6,500).',
  }),
  part({
    id: 'amd-mi355x',
    name: 'Instinct MI355X',
    manufacturer: 'AMD',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [
        f('FP4', 4, 10066.3),
        f('FP8', 8, 5033.2),
        f('INT8', 8, 5033.2),
        f('FP16', 16, 2516.6),
        f('BF16', 16, 2516.6),
      ],
      nonPlanarLogicDieAreaMm2: 1017,
      datacenter: true,
      aggregateBidirectionalIoGBs: 1075.2,
      totalDramBandwidthGBs: 8000,
      transistorCountBillions: 185,
    },
    sources: [
      {
        url: 'https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/product-briefs/amd-instinct-mi355x-gpu-brochure.pdf',
        note: 'AMD Instinct MI355X brochure: dense MXFP4 10,066.3, FP8 5,033.2, FP16 2,516.6 TFLOPS; HBM3E 288 GB at 8 TB/s; Infinity Fabric 1,075.2 GB/s. AMD also markets MXFP6; if the brochure states FP6 at the FP4 rate, Technical Note 2 would give a higher TPP (6 bits) — that figure could not be verified offline: vendor figures vary',
      },
      {
        url: 'https://www.techpowerup.com/gpu-specs/amd-cdna-next.g1093',
        note: 'Die area estimate ~1,017 mm² (TechPowerUp); CDNA 4 XCDs on TSMC N3P, I/O dies on N6 (both FinFET)',
      },
      REF_14,
    ],
  }),
  part({
    id: 'intel-gaudi-2',
    name: 'Gaudi 2',
    manufacturer: 'Intel (Habana Labs)',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [f('FP8', 8, 835), f('BF16', 16, 432)],
      datacenter: true,
    },
    sources: [
      {
        note: 'Gaudi 2 FP8 835 / BF16 432 TFLOPS (dense) per pcguia.pt, as cited in reference docs/research/ear-rules.md §1.4',
      },
    ],
    notes: 'Die area not published; not needed (TPP ≥ 4,800).',
  }),
  part({
    id: 'intel-gaudi-3',
    name: 'Gaudi 3',
    manufacturer: 'Intel',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [f('FP8', 8, 1835), f('BF16', 16, 1835)],
      datacenter: true,
    },
    sources: [
      {
        note: 'Gaudi 3 FP8 1,835 and BF16 (matrix) 1,835 TFLOPS per Intel figures reported by yobitel.com and pcguia.pt (reference docs/research/ear-rules.md §1.4); vendor figures vary (§8.4 item 5: BF16 = FP8 = 1,835)',
      },
    ],
    notes: 'Shows the "highest bit-length TPP" rule: BF16 at 16 bits beats FP8 at 8 bits for the same TFLOPS.',
  }),
  part({
    id: 'huawei-ascend-910b',
    name: 'Ascend 910B',
    manufacturer: 'Huawei (HiSilicon)',
    category: 'accelerator',
    spec: {
      kind: 'integrated-circuit',
      performance: [f('FP16', 16, 320), f('INT8', 8, 640)],
      datacenter: true,
    },
    sources: [
      {
        note: 'Ascend 910B FP16 320 TFLOPS, INT8 640 TOPS per a public GPU quick-reference table, as cited in reference docs/research/ear-rules.md §1.4',
      },
      {
        url: 'https://www.bis.gov/press-release/department-commerce-announces-rescission-biden-era-artificial-intelligence-diffusion-rule-strengthens',
        note: 'BIS 2025-05-13 GP10 guidance naming Ascend 910B/910C/910D',
      },
    ],
    notes: 'PRC-designed and PRC-made: the US-licence question is not the issue; GP10 risk is (reference §6).',
  }),
  part({
    id: 'skhynix-hbm3e-12h-36gb',
    name: 'HBM3E 12-high 36GB stack',
    manufacturer: 'SK hynix',
    category: 'hbm',
    spec: { kind: 'hbm', hbm: { bandwidthGBs: 1228.8, areaMm2: 121 } },
    sources: [
      {
        url: 'https://trendforce.com/news/2024/09/26/news-sk-hynix-begins-mass-production-of-12-layer-hbm3e-shipping-to-start-this-year',
        note: 'SK hynix 12-layer HBM3E (36 GB) mass production, 9.6 Gbps per pin (announced 2024-09-26); bandwidth = 9.6 Gb/s × 1,024-bit interface ÷ 8 = 1,228.8 GB/s (~1.2 TB/s)',
      },
      {
        note: 'Package area estimate: 11 mm × 11 mm = 121 mm², the commonly reported HBM3/HBM3E footprint; not in the reference and not verified from a datasheet. Any area below 614 mm² keeps the density above 2 GB/s/mm²',
      },
      {
        note: 'BIS (89 FR 96790): "All HBM stacks currently in production exceed this threshold" (reference docs/research/ear-rules.md §1.1)',
      },
    ],
  }),
  part({
    id: 'nvidia-dgx-h100',
    name: 'DGX H100 (8× H100 SXM)',
    manufacturer: 'NVIDIA',
    category: 'system',
    spec: {
      kind: 'computer',
      performance: [
        f('FP8', 8, 3958, true),
        f('INT8', 8, 3958, true),
        f('FP16', 16, 1979, true),
        f('BF16', 16, 1979, true),
        f('TF32', 32, 989, true),
        f('FP64', 64, 67),
      ],
      nonPlanarLogicDieAreaMm2: 814,
      datacenter: true,
      totalDramBandwidthGBs: 3350,
    },
    sources: [
      { url: 'https://www.nvidia.com/en-us/data-center/dgx-h100/', note: 'NVIDIA DGX H100: 8× H100 SXM5 80GB GPUs' },
      H100_DS,
      HOPPER_BLOG,
    ],
    notes: 'Performance is that of the most capable IC inside (one H100 SXM), as 4A090 requires.',
  }),
  part({
    id: 'example-euv-scanner',
    name: 'EUV lithography scanner (example)',
    manufacturer: 'Generic example',
    category: 'sme',
    spec: {
      kind: 'sme',
      sme: {
        eccn: '3B001.f.1',
        containsUsIc: true,
        subsystem: false,
        description: 'Step-and-scan EUV (13.5 nm) lithography system',
      },
    },
    sources: [
      {
        note: "Illustrative example: 3B001.f.1 is a key SME paragraph in §742.4(a)(4) (reference docs/research/ear-rules.md §2); the paragraph is the exporter's assertion",
      },
    ],
  }),
  part({
    id: 'example-duv-immersion-scanner',
    name: 'DUV immersion scanner (example)',
    manufacturer: 'Generic example',
    category: 'sme',
    spec: {
      kind: 'sme',
      sme: {
        eccn: '3B993.f.1',
        containsUsIc: true,
        subsystem: false,
        description: 'ArF immersion step-and-scan system outside 3B001.f.1',
      },
    },
    sources: [
      {
        note: "Illustrative example: DUV lithography is 3B993.f.1 (reference docs/research/ear-rules.md §2, §734.4(a)(3)); the paragraph is the exporter's assertion",
      },
    ],
  }),
  part({
    id: 'example-har-dielectric-etch',
    name: 'High-aspect-ratio dielectric etch tool (example)',
    manufacturer: 'Generic example',
    category: 'sme',
    spec: {
      kind: 'sme',
      sme: {
        eccn: '3B993',
        containsUsIc: true,
        subsystem: false,
        description: 'Dielectric etch > 30:1 aspect ratio, pulsed RF, < 300 ms gas switching',
      },
    },
    sources: [
      {
        note: 'Illustrative example: high-aspect-ratio dielectric etch is among the 3B993 contents (reference docs/research/ear-rules.md §2); the sub-paragraph letter is not in the reference, so the heading is asserted',
      },
    ],
  }),
  part({
    id: 'example-deposition-tool',
    name: 'Advanced deposition tool (example)',
    manufacturer: 'Generic example',
    category: 'sme',
    spec: {
      kind: 'sme',
      sme: {
        eccn: '3B993',
        containsUsIc: false,
        subsystem: false,
        description: 'Deposition equipment of the kind listed in 3B993',
      },
    },
    sources: [
      {
        note: 'Illustrative example: deposition equipment is among the 3B993 contents (reference docs/research/ear-rules.md §2); the heading is asserted',
      },
    ],
  }),
  part({
    id: 'example-duv-wafer-stage',
    name: 'DUV scanner wafer-stage module (example)',
    manufacturer: 'Generic example',
    category: 'sme',
    spec: {
      kind: 'sme',
      sme: {
        eccn: '3B993',
        containsUsIc: true,
        subsystem: true,
        description: 'Wafer stage module "specially designed" for a 3B993.f.1 scanner',
      },
    },
    sources: [
      {
        note: 'Illustrative example: the 3B993 heading covers "specially designed" components and accessories (reference docs/research/ear-rules.md §2)',
      },
    ],
  }),
  part({
    id: 'example-rf-generator',
    name: 'RF power generator sub-system (example)',
    manufacturer: 'Generic example',
    category: 'sme',
    spec: {
      kind: 'sme',
      sme: {
        eccn: 'EAR99',
        containsUsIc: true,
        subsystem: true,
        description: 'General-purpose RF generator used in plasma etch tools, not specially designed',
      },
    },
    sources: [
      {
        note: 'Illustrative example of the sub-system control gap named in the AI Action Plan (2025-07-23; reference docs/research/ear-rules.md §2)',
      },
    ],
  }),
  part({
    id: 'meta-llama-3.1-405b',
    name: 'Llama 3.1 405B weights',
    manufacturer: 'Meta',
    category: 'model',
    spec: { kind: 'model-weights', modelWeights: { trainingOps: 3.8e25, published: true } },
    sources: [
      {
        url: 'https://arxiv.org/abs/2407.21783',
        note: 'The Llama 3 Herd of Models: flagship model pre-trained with 3.8 × 10^25 FLOPs; weights published',
      },
    ],
  }),
  part({
    id: 'example-frontier-closed-weights',
    name: 'Closed frontier model weights (example)',
    manufacturer: 'Generic example',
    category: 'model',
    spec: { kind: 'model-weights', modelWeights: { trainingOps: 3e26, published: false } },
    sources: [
      { note: 'Hypothetical example: a model trained with 3 × 10^26 operations whose weights are not published' },
    ],
  }),
];
