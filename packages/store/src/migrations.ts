/**
 * Versioned schema migrations, written once with Kysely's schema builder for both engines.
 * Add a new entry at the end; never edit one that has shipped.
 * @module
 */
import { type Kysely, type Migration, type MigrationProvider, PostgresAdapter, sql } from 'kysely';
import { kycIdentifierRows } from './kyc-repo.js';

const DOUBLE = sql`double precision`;

const m0001_initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('list_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('dataset', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('file_sha256', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('entry_count', 'integer', (c) => c.notNull())
      .addColumn('source_counts', 'text', (c) => c.notNull())
      .addColumn('problems', 'text', (c) => c.notNull())
      .addColumn('provenance', 'text', (c) => c.notNull())
      .addColumn('delta', 'text')
      .execute();
    await db.schema
      .createIndex('list_versions_dataset_status')
      .on('list_versions')
      .columns(['dataset', 'status'])
      .execute();

    await db.schema
      .createTable('list_entries')
      .addColumn('version_id', 'text', (c) => c.notNull().references('list_versions.id'))
      .addColumn('entry_key', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('entry', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('list_entries_pk', ['version_id', 'entry_key'])
      .execute();

    await db.schema
      .createTable('parties')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('country', 'text')
      .addColumn('type', 'text')
      .addColumn('identifiers', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('ownerships')
      .addColumn('owner_id', 'text', (c) => c.notNull().references('parties.id'))
      .addColumn('owned_id', 'text', (c) => c.notNull().references('parties.id'))
      .addColumn('share', DOUBLE)
      .addPrimaryKeyConstraint('ownerships_pk', ['owner_id', 'owned_id'])
      .execute();

    await db.schema
      .createTable('screenings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('party_id', 'text')
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('matcher_version', 'text', (c) => c.notNull())
      .addColumn('list_versions', 'text', (c) => c.notNull())
      .addColumn('hit_count', 'integer', (c) => c.notNull())
      .addColumn('top_score', DOUBLE)
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('screenings_party').on('screenings').column('party_id').execute();

    await db.schema
      .createTable('hits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
      .addColumn('entry_key', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('entry_name', 'text', (c) => c.notNull())
      .addColumn('entry_content_hash', 'text', (c) => c.notNull())
      .addColumn('list_version_id', 'text', (c) => c.notNull())
      .addColumn('score', DOUBLE, (c) => c.notNull())
      .addColumn('band', 'text', (c) => c.notNull())
      .addColumn('matched_name', 'text', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('open_reason', 'text', (c) => c.notNull())
      .addUniqueConstraint('hits_party_entry', ['party_id', 'entry_key'])
      .execute();
    await db.schema.createIndex('hits_status').on('hits').columns(['status', 'score']).execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
  },
};

/** License determinations saved as transactions, so what-if packs and rule changes can replay them. */
const m0002_transactions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('transactions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reference', 'text')
      .addColumn('case_file', 'text', (c) => c.notNull())
      .addColumn('determination', 'text', (c) => c.notNull())
      .addColumn('rule_pack_id', 'text', (c) => c.notNull())
      .addColumn('rule_pack_version', 'text', (c) => c.notNull())
      .addColumn('ship_date', 'text', (c) => c.notNull())
      .addColumn('eccn', 'text')
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('license_required', 'text', (c) => c.notNull())
      .addColumn('review_policy', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('transactions_created').on('transactions').column('created_at').execute();
  },
};

/** Location verification: landmarks, registered devices and verification records. */
const m0003_location: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('landmarks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text')
      .addColumn('lat', DOUBLE, (c) => c.notNull())
      .addColumn('lon', DOUBLE, (c) => c.notNull())
      .addColumn('uncertainty_km', DOUBLE, (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('operator', 'text')
      .addColumn('url', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull().unique())
      .addColumn('serial', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('eccn', 'text', (c) => c.notNull())
      .addColumn('licensee', 'text', (c) => c.notNull())
      .addColumn('license_id', 'text')
      .addColumn('site_lat', DOUBLE, (c) => c.notNull())
      .addColumn('site_lon', DOUBLE, (c) => c.notNull())
      .addColumn('site_country', 'text', (c) => c.notNull())
      .addColumn('site_radius_km', DOUBLE, (c) => c.notNull())
      .addColumn('site_label', 'text')
      .addColumn('registered_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('verifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('session_id', 'text', (c) => c.notNull().unique())
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('rejections', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('verifications_device')
      .on('verifications')
      .columns(['device_id', 'created_at'])
      .execute();
  },
};

/**
 * Location protocol 2: a device's X25519 key-agreement key, registered next to its Ed25519 identity
 * key, with the identity key's signature over it. Nullable: devices registered before it have none
 * (and cannot be verified until they get one). One agreement key, one device.
 */
const m0004_device_kex_key: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('devices').addColumn('kex_public_key', 'text').execute();
    await db.schema.alterTable('devices').addColumn('kex_key_signature', 'text').execute();
    await db.schema.createIndex('devices_kex_public_key').unique().on('devices').column('kex_public_key').execute();
  },
};

/** Check-in partitions on PostgreSQL: hash of device_id, the same key a distributed engine shards by (docs/monitoring-scale.md). */
export const CHECK_IN_PARTITIONS = 16;

/**
 * End-use monitoring (issue 5): the fleet registry columns on devices, shipments, check-ins (hash-partitioned
 * by device on PostgreSQL), deduplicated alerts, cases with their event log, imports and the quarantine of
 * rejected rows. Device monitoring state (last check-in, silence deadline, last ingest) lives on the device
 * row so an incremental detector pass finds its devices with two indexed range scans.
 */
const m0005_fleet: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const addDeviceColumn = (name: string, type: 'text' | typeof DOUBLE, notNullDefault?: number) =>
      db.schema
        .alterTable('devices')
        .addColumn(name, type, (c) => (notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault)))
        .execute();
    await addDeviceColumn('end_user', 'text');
    await addDeviceColumn('expected_check_in_hours', DOUBLE, 24);
    await addDeviceColumn('shipment_id', 'text');
    await addDeviceColumn('last_check_in_at', 'text');
    await addDeviceColumn('silent_after', 'text');
    await addDeviceColumn('last_ingested_at', 'text');
    await db.schema.createIndex('devices_silent_after').on('devices').column('silent_after').execute();
    await db.schema.createIndex('devices_last_ingested_at').on('devices').column('last_ingested_at').execute();
    await db.schema.createIndex('devices_shipment').on('devices').column('shipment_id').execute();

    await db.schema
      .createTable('shipments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reference', 'text')
      .addColumn('license_id', 'text')
      .addColumn('consignee', 'text', (c) => c.notNull())
      .addColumn('destination_country', 'text', (c) => c.notNull())
      .addColumn('shipped_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();

    // No foreign key to devices: ingestion checks the device itself, and a partitioned table's FK costs every insert.
    const checkInColumns = sql`
      device_id text not null,
      check_in_id text not null,
      at text not null,
      verdict text not null,
      radius_km double precision not null,
      center_lat double precision,
      center_lon double precision,
      countries text not null,
      site_in_region integer,
      tamper integer not null default 0,
      source text not null,
      verification_id text,
      ingested_at text not null,
      primary key (device_id, check_in_id)`;
    if (postgres) {
      await sql`create table check_ins (${checkInColumns}) partition by hash (device_id)`.execute(db);
      for (let i = 0; i < CHECK_IN_PARTITIONS; i++)
        await sql`create table ${sql.raw(`check_ins_p${String(i).padStart(2, '0')}`)} partition of check_ins for values with (modulus ${sql.raw(String(CHECK_IN_PARTITIONS))}, remainder ${sql.raw(String(i))})`.execute(
          db,
        );
    } else await sql`create table check_ins (${checkInColumns})`.execute(db);
    await db.schema.createIndex('check_ins_device_at').on('check_ins').columns(['device_id', 'at']).execute();
    // The fleet-anomaly detector reads the fleet's away check-ins (region excludes the licensed site) of the last days.
    await db.schema.createIndex('check_ins_away_at').on('check_ins').columns(['site_in_region', 'at']).execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('detector', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('last_at', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('alerts_device_detector')
      .on('alerts')
      .columns(['device_id', 'detector', 'last_at'])
      .execute();
    await db.schema.createIndex('alerts_status_at').on('alerts').columns(['status', 'at']).execute();

    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('assignee', 'text')
      .addColumn('device_ids', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('opened_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addColumn('resolution', 'text')
      .execute();
    await db.schema.createIndex('cases_status').on('cases').columns(['status', 'updated_at']).execute();
    await db.schema
      .createTable('case_alerts')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
      .addPrimaryKeyConstraint('case_alerts_pk', ['case_id', 'alert_id'])
      .execute();
    await db.schema
      .createTable('case_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'at']).execute();

    await db.schema
      .createTable('fleet_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('accepted', 'integer', (c) => c.notNull())
      .addColumn('unchanged', 'integer', (c) => c.notNull())
      .addColumn('rejected', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('fleet_rejections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('import_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('ref', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('fleet_rejections_at').on('fleet_rejections').columns(['at']).execute();
  },
};

/**
 * Nucleic-acid synthesis order screening (issue 8): provider-supplied concern databases (versioned, one active),
 * customers, orders with their screening results and review items, and decisions. Every order is retained until
 * `retain_until` (received + 3 years); the purge never deletes a younger one.
 */
const m0006_synthesis: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('synthesis_concern_sets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('index_version', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('dna_count', 'integer', (c) => c.notNull())
      .addColumn('protein_count', 'integer', (c) => c.notNull())
      .addColumn('residue_count', 'integer', (c) => c.notNull())
      .addColumn('provenance', 'text', (c) => c.notNull())
      .addColumn('fasta', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('synthesis_concern_sets_status')
      .on('synthesis_concern_sets')
      .column('status')
      .execute();

    await db.schema
      .createTable('synthesis_customers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('institution', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('synthesis_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reference', 'text')
      .addColumn('customer_id', 'text', (c) => c.notNull().references('synthesis_customers.id'))
      .addColumn('customer', 'text', (c) => c.notNull())
      .addColumn('end_use', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('fasta_sha256', 'text', (c) => c.notNull())
      .addColumn('records', 'text', (c) => c.notNull())
      .addColumn('intake_warnings', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('policy_version', 'text', (c) => c.notNull())
      .addColumn('concern_set_id', 'text', (c) => c.notNull())
      .addColumn('index_version', 'text', (c) => c.notNull())
      .addColumn('screening', 'text', (c) => c.notNull())
      .addColumn('customer_screening', 'text', (c) => c.notNull())
      .addColumn('splits', 'text', (c) => c.notNull())
      .addColumn('review_items', 'text', (c) => c.notNull())
      .addColumn('exchange_checks', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('retain_until', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('synthesis_orders_customer')
      .on('synthesis_orders')
      .columns(['customer_id', 'received_at'])
      .execute();
    await db.schema
      .createIndex('synthesis_orders_status')
      .on('synthesis_orders')
      .columns(['status', 'received_at'])
      .execute();
    await db.schema.createIndex('synthesis_orders_retain').on('synthesis_orders').column('retain_until').execute();

    await db.schema
      .createTable('synthesis_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('synthesis_orders.id'))
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('expert', 'integer', (c) => c.notNull())
      .addColumn('status_from', 'text', (c) => c.notNull())
      .addColumn('status_to', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('synthesis_decisions_order')
      .on('synthesis_decisions')
      .columns(['order_id', 'at'])
      .execute();
  },
};

const m0007_model_eval: Migration = {
  async up(db: Kysely<unknown>) {
    // Evaluation runs against OpenAI-compatible endpoints (issue 7). Never an API key: only the endpoint URL and the
    // name of the environment variable the key was read from (in config).
    await db.schema
      .createTable('eval_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endpoint_url', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('suites', 'text', (c) => c.notNull())
      .addColumn('item_bank_sha256', 'text', (c) => c.notNull())
      .addColumn('item_count', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('eval_runs_started').on('eval_runs').columns(['started_at']).execute();
    await db.schema
      .createTable('eval_responses')
      .addColumn('run_id', 'text', (c) => c.notNull().references('eval_runs.id'))
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('request', 'text', (c) => c.notNull())
      .addColumn('response_text', 'text')
      .addColumn('raw', 'text')
      .addColumn('latency_ms', 'integer')
      .addColumn('error', 'text')
      .addColumn('graded', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('eval_responses_pk', ['run_id', 'item_id'])
      .execute();
  },
};

const m0008_kyc: Migration = {
  async up(db: Kysely<unknown>) {
    // Cloud-compute customer due diligence (issue 8, IaaS KYC). JSON as text, times and days as ISO text.
    await db.schema
      .createTable('kyc_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('declared_country', 'text')
      .addColumn('application', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('recommendation', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('screening', 'text', (c) => c.notNull())
      .addColumn('assessed_on', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('opened_by', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('kyc_accounts_status').on('kyc_accounts').columns(['status', 'opened_at']).execute();

    await db.schema
      .createTable('kyc_resellers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('attestations', 'text', (c) => c.notNull())
      .addColumn('customers', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('kyc_usage')
      .addColumn('account_id', 'text', (c) => c.notNull().references('kyc_accounts.id'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('accelerator', 'text', (c) => c.notNull())
      .addColumn('count', DOUBLE, (c) => c.notNull())
      .addColumn('hours', DOUBLE, (c) => c.notNull())
      .addColumn('utilisation', DOUBLE, (c) => c.notNull())
      .addColumn('batch_id', 'text', (c) => c.notNull())
      .addColumn('ingested_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('kyc_usage_pk', ['account_id', 'day', 'accelerator'])
      .execute();
    await db.schema.createIndex('kyc_usage_day').on('kyc_usage').columns(['day']).execute();

    await db.schema
      .createTable('kyc_usage_rejections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('batch_id', 'text', (c) => c.notNull())
      .addColumn('row_number', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('kyc_usage_rejections_batch').on('kyc_usage_rejections').column('batch_id').execute();

    await db.schema
      .createTable('kyc_findings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('kyc_accounts.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text')
      .addColumn('legal_status', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('report', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'text')
      .addColumn('resolution', 'text')
      .execute();
    await db.schema
      .createIndex('kyc_findings_account')
      .on('kyc_findings')
      .columns(['account_id', 'kind', 'ref'])
      .execute();
    await db.schema.createIndex('kyc_findings_status').on('kyc_findings').columns(['status', 'at']).execute();

    await db.schema
      .createTable('kyc_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('kyc_accounts.id'))
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('override', 'text')
      .addColumn('status_from', 'text', (c) => c.notNull())
      .addColumn('status_to', 'text', (c) => c.notNull())
      .addColumn('open_findings', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('kyc_decisions_account').on('kyc_decisions').columns(['account_id', 'at']).execute();
  },
};

const m0009_model_registry: Migration = {
  async up(db: Kysely<unknown>) {
    // Model registry (issue 7): one row per set of weights (weights_sha256 over the sorted weight-file hashes), the
    // latest scan report and CycloneDX AI-BOM, the scan history, dated origin policies and every policy decision.
    await db.schema
      .createTable('models')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('weights_sha256', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('declared', 'text', (c) => c.notNull())
      .addColumn('family_id', 'text')
      .addColumn('family_name', 'text')
      .addColumn('architecture_family_id', 'text')
      .addColumn('origin_org', 'text')
      .addColumn('origin_country', 'text')
      .addColumn('confidence', DOUBLE, (c) => c.notNull())
      .addColumn('confidence_level', 'text', (c) => c.notNull())
      .addColumn('basis', 'text', (c) => c.notNull())
      .addColumn('flags', 'text', (c) => c.notNull())
      .addColumn('aibom', 'text', (c) => c.notNull())
      .addColumn('policy_result', 'text')
      .addColumn('scan_report', 'text', (c) => c.notNull())
      .addColumn('file_count', 'integer', (c) => c.notNull())
      .addColumn('total_bytes', DOUBLE, (c) => c.notNull())
      .addColumn('scan_count', 'integer', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_scanned', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('registered_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('models_origin').on('models').column('origin_country').execute();
    await db.schema.createIndex('models_family').on('models').column('family_id').execute();
    await db.schema.createIndex('models_status').on('models').column('status').execute();
    await db.schema
      .createTable('model_scans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('model_id', 'text', (c) => c.notNull().references('models.id'))
      .addColumn('root', 'text', (c) => c.notNull())
      .addColumn('scanned_at', 'text', (c) => c.notNull())
      .addColumn('files_sha256', 'text', (c) => c.notNull())
      .addColumn('changes', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('model_scans_model').on('model_scans').columns(['model_id', 'at']).execute();
    await db.schema
      .createTable('model_policies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy_id', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('effective_from', 'text', (c) => c.notNull())
      .addColumn('effective_to', 'text')
      .addColumn('countries', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('added_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('model_policies_version', ['policy_id', 'version'])
      .execute();
    await db.schema
      .createTable('model_policy_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('model_id', 'text', (c) => c.notNull().references('models.id'))
      .addColumn('policy_version_id', 'text', (c) => c.notNull().references('model_policies.id'))
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('model_policy_decisions_model')
      .on('model_policy_decisions')
      .columns(['model_id', 'at'])
      .execute();
    // Evaluation runs may name the registered model they evaluated (nullable: runs of 0007 have none).
    await db.schema.alterTable('eval_runs').addColumn('model_id', 'text').execute();
    await db.schema.createIndex('eval_runs_model').on('eval_runs').column('model_id').execute();
  },
};

const m0010_program: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('program_proposals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('consortium', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('current_version', 'integer', (c) => c.notNull())
      .addColumn('review', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('program_proposals_status').on('program_proposals').column('status').execute();
    await db.schema
      .createTable('program_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('program_proposals.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('content_sha256', 'text', (c) => c.notNull())
      .addColumn('frozen', 'integer', (c) => c.notNull())
      .addColumn('submitted_at', 'text')
      .addColumn('submitted_by', 'text')
      .addColumn('check_result', 'text')
      .addColumn('us_content', 'text')
      .addColumn('checked_at', 'text')
      .addColumn('check_context', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('program_versions_number', ['proposal_id', 'version'])
      .execute();
    await db.schema
      .createTable('program_justifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('program_proposals.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('finding_key', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('by', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('program_justifications_proposal')
      .on('program_justifications')
      .columns(['proposal_id', 'version'])
      .execute();
    await db.schema
      .createTable('program_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('program_proposals.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('agency', 'text', (c) => c.notNull())
      .addColumn('reviewer', 'text', (c) => c.notNull())
      .addColumn('scores', 'text', (c) => c.notNull())
      .addColumn('weighted_score', DOUBLE, (c) => c.notNull())
      .addColumn('recommendation', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('program_reviews_proposal')
      .on('program_reviews')
      .columns(['proposal_id', 'version'])
      .execute();
    await db.schema
      .createTable('program_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('proposal_id', 'text', (c) => c.notNull().references('program_proposals.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      // nid | designated | declined
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('in_national_interest', 'integer')
      .addColumn('conditions', 'text')
      .addColumn('effective_from', 'text')
      .addColumn('expires_on', 'text')
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('by', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('program_decisions_proposal')
      .on('program_decisions')
      .columns(['proposal_id', 'at'])
      .execute();
  },
};

/** The tables 0011 reads and fills, typed for its back-fill. */
interface M0011 {
  kyc_accounts: { id: string; application: string };
  kyc_identifiers: { account_id: string; kind: string; value: string };
}

const m0011_kyc_identifiers: Migration = {
  async up(db: Kysely<unknown>) {
    // The normalised identifiers (email, phone, payment id) of every KYC account, so the shared-identifier check at
    // opening looks up the accounts sharing one through (kind, value) instead of reading every application.
    await db.schema
      .createTable('kyc_identifiers')
      .addColumn('account_id', 'text', (c) => c.notNull().references('kyc_accounts.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('kyc_identifiers_pk', ['account_id', 'kind', 'value'])
      .execute();
    await db.schema.createIndex('kyc_identifiers_value').on('kyc_identifiers').columns(['kind', 'value']).execute();

    // Back-fill the accounts opened before this migration, a page at a time, with the normalisation in force
    // (`kycIdentifierRows`, the core's `identifierKeys`). Should that normalisation change, a later migration rebuilds
    // the table rather than this one being edited.
    const m = db as unknown as Kysely<M0011>;
    let after = '';
    for (;;) {
      const page = await m
        .selectFrom('kyc_accounts')
        .select(['id', 'application'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(500)
        .execute();
      if (page.length === 0) break;
      const rows = page.flatMap((a) => kycIdentifierRows(a.id, JSON.parse(a.application)));
      for (let i = 0; i < rows.length; i += 1000)
        await m
          .insertInto('kyc_identifiers')
          .values(rows.slice(i, i + 1000))
          .execute();
      after = page[page.length - 1]?.id ?? after;
    }
  },
};

const m0012_leases: Migration = {
  async up(db: Kysely<unknown>) {
    // Named leases for work one process at a time may do on a shared store (the fleet detector pass): a holder and
    // an expiry, taken and renewed by one conditional upsert, so two processes never both hold one.
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('acquired_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * Re-screening of stored synthesis orders when a new concern database is imported: one row per order, concern and
 * concern content (the unique key makes a re-import idempotent), with the concern set version that brought the
 * concern, the matched records and windows, and whether a decided order needs follow-up.
 */
const m0013_synthesis_rescreen: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('synthesis_rescreen_findings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('synthesis_orders.id'))
      .addColumn('concern_set_id', 'text', (c) => c.notNull().references('synthesis_concern_sets.id'))
      .addColumn('index_version', 'text', (c) => c.notNull())
      .addColumn('concern_id', 'text', (c) => c.notNull())
      .addColumn('concern_digest', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('requires_review', 'integer', (c) => c.notNull())
      .addColumn('follow_up', 'integer', (c) => c.notNull())
      .addColumn('order_status', 'text', (c) => c.notNull())
      .addColumn('policy_version', 'text', (c) => c.notNull())
      .addColumn('covered_nt', 'integer', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addUniqueConstraint('synthesis_rescreen_findings_key', ['order_id', 'concern_id', 'concern_digest'])
      .execute();
    await db.schema
      .createIndex('synthesis_rescreen_findings_set')
      .on('synthesis_rescreen_findings')
      .column('concern_set_id')
      .execute();
    await db.schema
      .createIndex('synthesis_rescreen_findings_follow_up')
      .on('synthesis_rescreen_findings')
      .columns(['follow_up', 'order_id'])
      .execute();
  },
};

/**
 * Signed check-ins from other verifiers: the registered verifiers (Ed25519 keys, validity, revocation), the signed
 * batches as received (to re-verify a check-in's signature from an evidence bundle), and each check-in's batch.
 */
const m0014_verifiers: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('fleet_verifiers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull().unique())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_by', 'text')
      .addColumn('revocation_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('check_in_batches')
      .addColumn('verifier_id', 'text', (c) => c.notNull().references('fleet_verifiers.id'))
      .addColumn('batch_id', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('check_ins', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('import_id', 'text', (c) => c.notNull())
      .addColumn('ingested_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('check_in_batches_pk', ['verifier_id', 'batch_id'])
      .execute();
    // Null for this verifier's own check-ins and for unsigned imports; source says which.
    await db.schema.alterTable('check_ins').addColumn('batch_id', 'text').execute();
  },
};

export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001_initial,
  '0002_transactions': m0002_transactions,
  '0003_location': m0003_location,
  '0004_device_kex_key': m0004_device_kex_key,
  '0005_fleet': m0005_fleet,
  '0006_synthesis': m0006_synthesis,
  '0007_model_eval': m0007_model_eval,
  '0008_kyc': m0008_kyc,
  '0009_model_registry': m0009_model_registry,
  '0010_program': m0010_program,
  '0011_kyc_identifiers': m0011_kyc_identifiers,
  '0012_leases': m0012_leases,
  '0013_synthesis_rescreen': m0013_synthesis_rescreen,
  '0014_verifiers': m0014_verifiers,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
