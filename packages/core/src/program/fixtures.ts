/**
 * Example proposals: one complete, compliant package, and seeded variants each with exactly one omission or
 * violation, named with the finding the checker must raise. The tests run the checker over every seeded variant;
 * the shells can use the example as a template. All names are invented; any likeness to a real firm is accidental.
 * @module
 */
import { PROPOSAL_SCHEMA_VERSION, type Proposal } from './types.js';

/** The date the examples are checked on: inside the bundled rule pack's range, after the Call. */
export const EXAMPLE_AS_OF = '2026-10-01';

export const EXAMPLE_PROPOSAL: Proposal = {
  schemaVersion: PROPOSAL_SCHEMA_VERSION,
  id: 'prop-example-0001',
  title: 'Quillfeather full-stack AI package for Japan and the EU',
  call: 'FR 2026-06952',
  consortium: {
    name: 'Quillfeather AI Consortium',
    members: [
      {
        id: 'm-anchor',
        legalName: 'Quillfeather Compute Inc.',
        role: 'anchor',
        identifiers: { uei: 'QFC1EXAMPLE1', lei: '5493000EXAMPLE00QF01' },
        incorporationCountry: 'US',
        headquartersCountry: 'US',
        owners: [
          { id: 'o1', name: 'Tallowgrass Capital Partners LP', type: 'organization', country: 'US', sharePct: 30 },
          { id: 'o2', name: 'Ansel Okonkwo-Byrne', type: 'person', country: 'US', sharePct: 15 },
        ],
        layers: ['hardware'],
      },
      {
        id: 'm-data',
        legalName: 'Lakeshore Labeling Works Inc.',
        role: 'member',
        identifiers: { uei: 'LLW1EXAMPLE2' },
        incorporationCountry: 'US',
        headquartersCountry: 'US',
        owners: [{ id: 'o1', name: 'Marisol Quenby-Hart', type: 'person', country: 'US', sharePct: 100 }],
        layers: ['data'],
      },
      {
        id: 'm-models',
        legalName: 'Brightwater Modelworks Inc.',
        role: 'member',
        identifiers: { uei: 'BWM1EXAMPLE3' },
        incorporationCountry: 'US',
        headquartersCountry: 'US',
        owners: [
          { id: 'o1', name: 'Tallowgrass Capital Partners LP', type: 'organization', country: 'US', sharePct: 40 },
        ],
        layers: ['models'],
      },
      {
        id: 'm-sec',
        legalName: 'Ironbark Cyberdefense LLC',
        role: 'member',
        identifiers: { duns: '000000003' },
        incorporationCountry: 'US',
        headquartersCountry: 'US',
        owners: [],
        noReportableOwners: true,
        layers: ['security'],
      },
      {
        id: 'm-apps',
        legalName: 'Feldnotiz Gesundheitsanwendungen GmbH',
        role: 'member',
        identifiers: { lei: '5299000EXAMPLE00FG04' },
        incorporationCountry: 'DE',
        headquartersCountry: 'DE',
        owners: [{ id: 'o1', name: 'Wiebke Sonnleitner-Aas', type: 'person', country: 'DE', sharePct: 100 }],
        layers: ['applications'],
      },
    ],
  },
  layers: [
    {
      layer: 'hardware',
      responsibleMemberId: 'm-anchor',
      components: [
        {
          id: 'hw-servers',
          name: 'GPU servers (DGX H100 class)',
          category: 'servers',
          responsibleMemberId: 'm-anchor',
        },
        { id: 'hw-chips', name: 'Spare H100 accelerators', category: 'chips', responsibleMemberId: 'm-anchor' },
        { id: 'hw-net', name: 'Data-center switching fabric', category: 'networking', responsibleMemberId: 'm-anchor' },
        { id: 'hw-storage', name: 'All-flash storage arrays', category: 'storage', responsibleMemberId: 'm-anchor' },
        { id: 'hw-cloud', name: 'Managed cloud control plane', category: 'cloud', responsibleMemberId: 'm-anchor' },
      ],
    },
    {
      layer: 'data',
      responsibleMemberId: 'm-data',
      components: [{ id: 'data-label', name: 'Clinical data labeling pipeline', responsibleMemberId: 'm-data' }],
    },
    {
      layer: 'models',
      responsibleMemberId: 'm-models',
      components: [
        {
          id: 'model-main',
          name: 'Brightwater-70B clinical assistant',
          responsibleMemberId: 'm-models',
          model: {
            name: 'Brightwater-70B',
            developer: 'Brightwater Modelworks Inc.',
            developerCountry: 'US',
            openWeights: false,
            baseModels: [
              {
                name: 'Llama 3.1 70B',
                developer: 'Meta',
                developerCountry: 'US',
                familyId: 'llama',
                openWeights: true,
              },
            ],
          },
        },
      ],
    },
    {
      layer: 'security',
      responsibleMemberId: 'm-sec',
      components: [
        { id: 'sec-soc', name: 'Model and infrastructure security operations', responsibleMemberId: 'm-sec' },
      ],
    },
    {
      layer: 'applications',
      responsibleMemberId: 'm-apps',
      components: [{ id: 'app-triage', name: 'Hospital triage assistant', responsibleMemberId: 'm-apps' }],
    },
  ],
  hardwareBom: {
    lines: [
      {
        id: 'L1',
        componentId: 'hw-servers',
        description: 'NVIDIA DGX H100',
        kind: 'good',
        item: { partId: 'nvidia-dgx-h100' },
        quantity: 128,
        unitValue: { amount: 300000, currency: 'USD' },
        originCountry: 'US',
        originBasis: 'supplier declaration',
      },
      {
        id: 'L2',
        componentId: 'hw-chips',
        description: 'NVIDIA H100 SXM (spares)',
        kind: 'good',
        item: { partId: 'nvidia-h100-sxm' },
        quantity: 64,
        unitValue: { amount: 25000, currency: 'USD' },
        originCountry: 'US',
      },
      {
        id: 'L3',
        componentId: 'hw-net',
        description: 'Spine/leaf Ethernet switches',
        kind: 'good',
        item: { spec: { kind: 'other', name: 'Ethernet switch', eccn: '5A991' } },
        quantity: 64,
        unitValue: { amount: 50000, currency: 'USD' },
        originCountry: 'US',
      },
      {
        id: 'L4',
        componentId: 'hw-storage',
        description: 'All-flash storage array',
        kind: 'good',
        item: { spec: { kind: 'other', name: 'Storage array', eccn: 'EAR99' } },
        quantity: 20,
        unitValue: { amount: 200000, currency: 'USD' },
        originCountry: 'KR',
        usContentFraction: 0.2,
        originBasis: 'manufacturer bill of materials',
      },
      {
        id: 'L5',
        componentId: 'hw-cloud',
        description: 'Cloud control plane, 3 years',
        kind: 'service',
        quantity: 1,
        unitValue: { amount: 5000000, currency: 'USD' },
        originCountry: 'US',
      },
      {
        id: 'L6',
        componentId: 'hw-servers',
        description: 'Rack integration and installation',
        kind: 'service',
        quantity: 1,
        unitValue: { amount: 1000000, currency: 'EUR' },
        originCountry: 'DE',
      },
    ],
    declaredTotal: { amount: 53280000, currency: 'USD' },
    fxRates: [{ currency: 'EUR', usdPerUnit: 1.08, date: '2026-09-30', source: 'example reference rate' }],
  },
  targets: [
    {
      kind: 'country',
      code: 'JP',
      rationale: 'A close ally with growing hospital AI demand; keeps clinical AI on a US stack.',
    },
    {
      kind: 'bloc',
      code: 'EU',
      name: 'European Union (first markets)',
      countries: ['DE', 'FR'],
      rationale: 'Anchors US models and hardware in European public health systems.',
    },
  ],
  businessModel: {
    summary:
      'The anchor builds and operates one campus in Frankfurt with a German contractor; hospitals subscribe per seat.',
    timeToOperationMonths: 14,
  },
  dataCenters: [
    {
      id: 'dc-fra',
      name: 'Frankfurt AI campus',
      country: 'DE',
      builder: { name: 'Rheinbogen Bau GmbH', country: 'DE' },
      owner: { memberId: 'm-anchor' },
      operator: { memberId: 'm-anchor' },
      powerMw: 40,
    },
  ],
  supportRequests: [
    {
      id: 's1',
      agency: 'EXIM',
      instrument: 'direct-loan',
      amount: { amount: 200000000, currency: 'USD' },
      tenorMonths: 84,
    },
    {
      id: 's2',
      agency: 'DFC',
      instrument: 'political-risk-insurance',
      amount: { amount: 50000000, currency: 'USD' },
    },
    { id: 's3', agency: 'DOC-ITA', instrument: 'advocacy' },
    { id: 's4', agency: 'DOC-BIS', instrument: 'licensing-priority' },
  ],
  attestations: [
    {
      kind: 'export-controls',
      memberId: 'm-anchor',
      signer: 'R. Example',
      signerTitle: 'Chief Compliance Officer',
      date: '2026-09-15',
      text: 'The consortium will comply with the EAR for every export under this package.',
    },
    {
      kind: 'outbound-investment',
      memberId: 'm-anchor',
      signer: 'R. Example',
      date: '2026-09-15',
      text: 'No covered transaction under 31 CFR part 850 is part of this package.',
    },
    {
      kind: 'end-user-policies',
      memberId: 'm-anchor',
      signer: 'R. Example',
      date: '2026-09-15',
      text: 'End users are screened; no military, supercomputer or advanced-node fab end use.',
    },
    {
      kind: 'security-plan',
      memberId: 'm-sec',
      signer: 'K. Example',
      date: '2026-09-15',
      text: 'Security plan for models and infrastructure attached.',
    },
  ],
  confidentiality: [
    {
      section: 'hardwareBom',
      level: 'business-confidential',
      justification: 'Supplier prices and volumes are commercially sensitive.',
    },
  ],
  justifications: [],
};

export interface SeededProposal {
  readonly id: string;
  readonly description: string;
  /** The finding id the checker must raise. */
  readonly expectFinding: string;
  /** Whether that finding blocks submission. */
  readonly expectBlocking: boolean;
  readonly proposal: Proposal;
}

type Edit = (p: Proposal) => void;

function seed(id: string, description: string, expectFinding: string, expectBlocking: boolean, edit: Edit) {
  const proposal = structuredClone(EXAMPLE_PROPOSAL) as Proposal;
  edit(proposal);
  return { id, description, expectFinding, expectBlocking, proposal: { ...proposal, id: `prop-seed-${id}` } };
}

const member = (p: Proposal, id: string) => {
  const m = p.consortium.members.find((x) => x.id === id);
  if (!m) throw new Error(`fixture: no member ${id}`);
  return m;
};
const layer = (p: Proposal, id: string) => {
  const l = p.layers.find((x) => x.layer === id);
  if (!l) throw new Error(`fixture: no layer ${id}`);
  return l;
};
const line = (p: Proposal, id: string) => {
  const l = p.hardwareBom.lines.find((x) => x.id === id);
  if (!l) throw new Error(`fixture: no BOM line ${id}`);
  return l;
};

/** One omission or violation each, with the finding that must catch it. */
export const SEEDED_PROPOSALS: readonly SeededProposal[] = [
  seed('no-anchor', 'no member is the anchor', 'NO_ANCHOR', true, (p) => {
    member(p, 'm-anchor').role = 'member';
  }),
  seed('two-anchors', 'two anchors', 'MULTIPLE_ANCHORS', true, (p) => {
    member(p, 'm-data').role = 'anchor';
  }),
  seed('layer-missing', 'the security layer is missing', 'LAYER_MISSING', true, (p) => {
    p.layers = p.layers.filter((l) => l.layer !== 'security');
  }),
  seed('layer-empty', 'the applications layer has no components', 'LAYER_NO_COMPONENTS', true, (p) => {
    layer(p, 'applications').components = [];
  }),
  seed('layer-no-responsible', 'the data layer names no responsible member', 'LAYER_NO_RESPONSIBLE', true, (p) => {
    delete layer(p, 'data').responsibleMemberId;
  }),
  seed(
    'responsible-not-member',
    'a component names a member outside the consortium',
    'RESPONSIBLE_NOT_MEMBER',
    true,
    (p) => {
      const c = layer(p, 'security').components[0];
      if (c) c.responsibleMemberId = 'm-ghost';
    },
  ),
  seed('component-no-responsible', 'a component names no member', 'COMPONENT_NO_RESPONSIBLE', true, (p) => {
    const c = layer(p, 'applications').components[0];
    if (c) delete c.responsibleMemberId;
  }),
  seed('member-no-identifier', 'a member has no legal identifier', 'MEMBER_NO_IDENTIFIER', true, (p) => {
    member(p, 'm-data').identifiers = {};
  }),
  seed('member-no-owners', 'a member lists no owners', 'MEMBER_NO_OWNERS', true, (p) => {
    member(p, 'm-apps').owners = [];
  }),
  seed('member-no-headquarters', 'a member has no headquarters country', 'MEMBER_NO_HEADQUARTERS', true, (p) => {
    delete member(p, 'm-data').headquartersCountry;
  }),
  seed('bom-total-mismatch', 'the BOM does not add up to the declared total', 'BOM_TOTAL_MISMATCH', true, (p) => {
    p.hardwareBom.declaredTotal = { amount: 60000000, currency: 'USD' };
  }),
  seed('bom-no-total', 'no declared hardware total', 'BOM_NO_DECLARED_TOTAL', true, (p) => {
    delete p.hardwareBom.declaredTotal;
  }),
  seed('bom-no-origin', 'a BOM line without origin', 'BOM_LINE_NO_ORIGIN', true, (p) => {
    delete line(p, 'L3').originCountry;
  }),
  seed('bom-fx-missing', 'a EUR line without an exchange rate', 'BOM_FX_MISSING', true, (p) => {
    p.hardwareBom.fxRates = [];
  }),
  seed('bom-no-item', 'a good without part id or spec', 'BOM_LINE_NO_ITEM', true, (p) => {
    delete line(p, 'L3').item;
  }),
  seed(
    'bom-unknown-component',
    'a BOM line for a component that does not exist',
    'BOM_LINE_UNKNOWN_COMPONENT',
    true,
    (p) => {
      line(p, 'L4').componentId = 'hw-nowhere';
    },
  ),
  seed('hardware-not-in-bom', 'a hardware component without BOM lines', 'HARDWARE_COMPONENT_NOT_IN_BOM', true, (p) => {
    layer(p, 'hardware').components.push({
      id: 'hw-power',
      name: 'Power distribution units',
      category: 'other',
      responsibleMemberId: 'm-anchor',
    });
  }),
  seed('no-target', 'no target country or bloc', 'NO_TARGET', true, (p) => {
    p.targets = [];
  }),
  seed('target-no-rationale', 'a target without rationale', 'TARGET_NO_RATIONALE', true, (p) => {
    const t = p.targets[0];
    if (t) delete t.rationale;
  }),
  seed('bloc-no-countries', 'a bloc without member countries', 'BLOC_NO_COUNTRIES', true, (p) => {
    const t = p.targets[1];
    if (t) delete t.countries;
  }),
  seed('no-business-model', 'no business and operating model', 'NO_BUSINESS_MODEL', true, (p) => {
    p.businessModel = {};
  }),
  seed('dc-no-operator', 'a data center without operator', 'DC_NO_OPERATOR', true, (p) => {
    const dc = p.dataCenters[0];
    if (dc) delete dc.operator;
  }),
  seed('support-no-amount', 'a loan request without amount', 'SUPPORT_NO_AMOUNT', true, (p) => {
    const s = p.supportRequests[0];
    if (s) delete s.amount;
  }),
  seed('attestation-missing', 'no outbound-investment attestation', 'ATTESTATION_MISSING', true, (p) => {
    p.attestations = p.attestations.filter((a) => a.kind !== 'outbound-investment');
  }),
  seed('model-not-declared', 'a models-layer component without model provenance', 'MODEL_NOT_DECLARED', true, (p) => {
    const c = layer(p, 'models').components[0];
    if (c) delete c.model;
  }),
  seed(
    'open-weight-coc-model',
    'the model is a fine-tune of an open-weight Qwen model',
    'OPEN_WEIGHT_MODEL_FROM_COUNTRY_OF_CONCERN',
    true,
    (p) => {
      const c = layer(p, 'models').components[0];
      if (c?.model)
        c.model.baseModels = [{ name: 'Qwen2.5 72B', developer: 'Alibaba Cloud', familyId: 'qwen', openWeights: true }];
    },
  ),
  seed('member-in-coc', 'a member headquartered in Hong Kong', 'MEMBER_IN_COUNTRY_OF_CONCERN', true, (p) => {
    member(p, 'm-apps').headquartersCountry = 'HK';
  }),
  seed('owned-from-coc', 'a member 60 % owned from China', 'MEMBER_OWNED_FROM_COUNTRY_OF_CONCERN', true, (p) => {
    member(p, 'm-data').owners = [
      { id: 'o1', name: 'Marisol Quenby-Hart', type: 'person', country: 'US', sharePct: 40 },
      { id: 'o2', name: 'Jinqiao Harbour Investment Co., Ltd.', type: 'organization', country: 'CN', sharePct: 60 },
    ];
  }),
  seed(
    'owned-via-chain',
    'a member 55 % owned by a Singapore holding that is itself 60 % owned from Macau',
    'MEMBER_OWNED_FROM_COUNTRY_OF_CONCERN',
    true,
    (p) => {
      member(p, 'm-apps').owners = [
        { id: 'o1', name: 'Wiebke Sonnleitner-Aas', type: 'person', country: 'DE', sharePct: 45 },
        { id: 'h1', name: 'Straitsgate Holdings Pte. Ltd.', type: 'organization', country: 'SG', sharePct: 55 },
        { id: 'h2', name: 'Nam Van Ventures Limitada', type: 'organization', country: 'MO', sharePct: 60, via: 'h1' },
        { id: 'h3', name: 'Orchard Lane Trust', type: 'organization', country: 'SG', sharePct: 40, via: 'h1' },
      ];
    },
  ),
  seed(
    'controlled-from-coc',
    'a 10 % owner from China holds control rights',
    'MEMBER_CONTROLLED_FROM_COUNTRY_OF_CONCERN',
    true,
    (p) => {
      member(p, 'm-models').owners.push({
        id: 'o9',
        name: 'Xiling Strategic Capital Co., Ltd.',
        type: 'organization',
        country: 'CN',
        sharePct: 10,
        controlRights: true,
      });
    },
  ),
  seed('screening-hit', 'a minority owner is on the restricted-party lists', 'SCREENING_HIT', true, (p) => {
    member(p, 'm-anchor').owners.push({
      id: 'o3',
      name: 'Dawning Information Industry Co., Ltd',
      type: 'organization',
      country: 'SG',
      sharePct: 5,
    });
  }),
  seed('license-denial', 'Russia added as a target market', 'LICENSE_DENIAL', true, (p) => {
    p.targets.push({ kind: 'country', code: 'RU', rationale: 'seeded violation' });
  }),
  seed(
    'classification-needs-input',
    'a custom accelerator without performance figures',
    'CLASSIFICATION_NEEDS_INPUT',
    true,
    (p) => {
      line(p, 'L2').item = { spec: { kind: 'integrated-circuit', name: 'Custom inference ASIC' } };
    },
  ),
  seed(
    'us-content-below',
    'all hardware made abroad (below the 51 % presumption)',
    'US_CONTENT_BELOW_THRESHOLD',
    false,
    (p) => {
      for (const l of p.hardwareBom.lines) {
        l.originCountry = 'TW';
        delete l.usContentFraction;
      }
    },
  ),
  seed('instrument-mismatch', 'equity requested from USTDA', 'SUPPORT_INSTRUMENT_MISMATCH', false, (p) => {
    p.supportRequests.push({
      id: 's5',
      agency: 'USTDA',
      instrument: 'equity',
      amount: { amount: 1000000, currency: 'USD' },
    });
  }),
];
