/**
 * Versioned schema migrations, written once with Kysely's schema builder for both engines.
 * Add a new entry at the end; never edit one that has shipped.
 * @module
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

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

export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': m0001_initial,
  '0002_transactions': m0002_transactions,
  '0003_location': m0003_location,
  '0004_device_kex_key': m0004_device_kex_key,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
