/**
 * Chip location verification (GET /api/v1/devices, /landmarks, /verifications[/:id]):
 * - #/location: the registered devices with their last verdict, the latest verifications and the
 *   landmarks;
 * - #/location/<deviceId>: one device and its verifications;
 * - #/location/<deviceId>/<verificationId>: one verification: the verdict and why, the offline maps
 *   (caps, feasible region, licensed site, countries touched) and the landmark measurements.
 */
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import {
  type ApiError,
  type Device,
  type Landmark,
  type LocationRejection,
  type LocationVerdictCode,
  type StoredVerification,
  toApiError,
} from '../api';
import { fmtKm, LANDMARK_COLOURS, LocationMaps, type MapData } from '../components/LocationMap';
import { Empty, ProblemAlert, Spinner } from '../components/ui';
import { fmtDate, fmtInt, plural, shortId } from '../format';
import { regionFill, regionOutline, regionRects } from '../location/geo';
import { href, useRouteParams } from '../router';
import { useSession } from '../session';

export function LocationPage() {
  const [deviceId, verificationId] = useRouteParams();
  if (deviceId && verificationId) return <VerificationView deviceId={deviceId} id={verificationId} />;
  if (deviceId) return <DeviceView deviceId={deviceId} />;
  return <Overview />;
}

/** Runs `load` (memoised by the caller) whenever it changes; a failure is the page's error. */
function useLoad<T>(load: () => Promise<T>): { data: T | null; error: ApiError | null } {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    setState({ data: null, error: null });
    load()
      .then((data) => live && setState({ data, error: null }))
      .catch((e: unknown) => live && setState({ data: null, error: toApiError(e) }));
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}

const VERDICT_TEXT: Record<LocationVerdictCode, string> = {
  ALLOW: 'The device is provably in the allowed area',
  VIOLATION: 'The device is provably where it must not be',
  INCONCLUSIVE: 'The measurements cannot settle where the device is',
};

export function VerdictBadge({ verdict, testId }: { verdict: string; testId?: string }) {
  return (
    <span className={`verdict verdict-${verdict}`} data-testid={testId}>
      {verdict}
    </span>
  );
}

function Crumbs({ children }: { children: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <a href={href('location')}>Location</a>
      {children}
    </nav>
  );
}

// ------------------------------------------------------------------ overview

function Overview() {
  const { api } = useSession();
  const { data, error } = useLoad(
    useCallback(() => Promise.all([api.devices(), api.verifications({ limit: 1000 }), api.landmarks()]), [api]),
  );
  const [devices, verifications, landmarks] = data ?? [null, null, null];
  const last = useMemo(() => {
    const m = new Map<string, StoredVerification>();
    for (const v of verifications ?? []) if (!m.has(v.deviceId)) m.set(v.deviceId, v); // newest first
    return m;
  }, [verifications]);
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const v of verifications ?? []) m.set(v.deviceId, (m.get(v.deviceId) ?? 0) + 1);
    return m;
  }, [verifications]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Location verification</h1>
        <p className="lede">
          Where registered chips are, proven from landmark-signed round-trip times: each landmark bounds the distance to
          the device, the caps intersect in a feasible region, and the verdict is read from that region. Verify with{' '}
          <code>stackport verify</code> or <code>POST /api/v1/verify</code>; every verification is stored and audited.
        </p>
      </div>
      <ProblemAlert error={error} label="Location data failed" />
      {!data && !error && <Spinner />}
      {devices && (
        <section className="card" aria-labelledby="devices-title">
          <h2 id="devices-title" className="card-title">
            Devices <span className="muted">{plural(devices.length, 'registered device')}</span>
          </h2>
          {devices.length === 0 ? (
            <Empty>
              No device is registered yet: <code>stackport devices register</code> (admin).
            </Empty>
          ) : (
            <div className="table-scroll">
              <table className="table loc-devices" aria-label="Devices">
                <thead>
                  <tr>
                    <th scope="col">Serial</th>
                    <th scope="col">Model</th>
                    <th scope="col">ECCN</th>
                    <th scope="col">Licensee</th>
                    <th scope="col">Licensed site</th>
                    <th scope="col">Last verdict</th>
                  </tr>
                </thead>
                <tbody>
                  {devices.map((d) => {
                    const v = last.get(d.deviceId);
                    return (
                      <tr key={d.deviceId} data-testid="device-row" data-device={d.deviceId}>
                        <td>
                          <a href={href('location', d.deviceId)} className="strong-link">
                            {d.serial}
                          </a>
                          <div className="sub mono">{d.deviceId}</div>
                        </td>
                        <td>{d.model}</td>
                        <td>
                          <code>{d.eccn}</code>
                        </td>
                        <td>
                          {d.licensee}
                          {d.licenseId && <div className="sub">License {d.licenseId}</div>}
                        </td>
                        <td>
                          <SiteText site={d.licensedSite} />
                        </td>
                        <td data-testid="last-verdict">
                          {v ? (
                            <>
                              <a href={href('location', d.deviceId, v.id)} className="verdict-link">
                                <VerdictBadge verdict={v.verdict} />
                              </a>
                              <div className="sub nowrap">
                                {fmtDate(v.createdAt)} · {plural(counts.get(d.deviceId) ?? 0, 'check')}
                              </div>
                            </>
                          ) : (
                            <span className="muted">never verified</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      {verifications && devices && (
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title" className="card-title">
            Latest verifications <span className="muted">newest first</span>
          </h2>
          <VerificationTable rows={verifications.slice(0, 20)} devices={devices} showDevice />
        </section>
      )}
      {landmarks && <LandmarkRegistry landmarks={landmarks} />}
    </div>
  );
}

function SiteText({ site }: { site: Device['licensedSite'] }) {
  return (
    <>
      <span>{site.label ?? 'Licensed site'}</span> <span className="badge country">{site.country}</span>
      <div className="sub nowrap">
        {fmtLatLon(site.position)} · radius {fmtKm(site.radiusKm)}
      </div>
    </>
  );
}

function VerificationTable({
  rows,
  devices,
  showDevice = false,
}: {
  rows: readonly StoredVerification[];
  devices: readonly Device[];
  showDevice?: boolean;
}) {
  if (rows.length === 0) return <Empty>No verification yet.</Empty>;
  const byId = new Map(devices.map((d) => [d.deviceId, d]));
  return (
    <div className="table-scroll">
      <table className="table loc-verifications" aria-label="Verifications">
        <thead>
          <tr>
            <th scope="col">Verified</th>
            {showDevice && <th scope="col">Device</th>}
            <th scope="col">Verdict</th>
            <th scope="col">Countries touched</th>
            <th scope="col">Landmarks</th>
            <th scope="col" className="num">
              Region radius
            </th>
            <th scope="col">Rejected</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => {
            const r = v.result;
            const accepted = r.landmarks.filter((l) => l.status === 'accepted').length;
            const concern = new Set(r.policy.countriesOfConcern);
            return (
              <tr key={v.id} data-testid="verification-row" data-verification={v.id}>
                <td className="nowrap">
                  <a href={href('location', v.deviceId, v.id)}>{fmtDate(v.createdAt)}</a>
                  <div className="sub mono">{shortId(v.id)}</div>
                </td>
                {showDevice && (
                  <td className="nowrap">
                    <a href={href('location', v.deviceId)}>{byId.get(v.deviceId)?.serial ?? v.deviceId}</a>
                    <div className="sub mono">{v.deviceId}</div>
                  </td>
                )}
                <td>
                  <VerdictBadge verdict={v.verdict} />
                </td>
                <td>
                  {r.location ? (
                    <CountryChips codes={r.location.countriesTouched} concern={concern} />
                  ) : (
                    <span className="muted">no region</span>
                  )}
                </td>
                <td className="nowrap">
                  {accepted} of {r.landmarks.length} accepted
                </td>
                <td className="num nowrap">{r.location ? fmtKm(r.location.region.boundingRadiusKm) : '—'}</td>
                <td>
                  {v.rejections.length ? (
                    <span className={r.tamperingSuspected ? 'neg' : ''}>
                      {v.rejections.length}
                      {r.tamperingSuspected ? ' · tampering suspected' : ''}
                    </span>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CountryChips({
  codes,
  concern,
  testId,
  max = 16,
}: {
  codes: readonly string[];
  concern: ReadonlySet<string>;
  testId?: string;
  /** Above this many, the countries of concern are shown and the full list folds away. */
  max?: number;
}) {
  if (codes.length === 0) return <span className="muted">none (open sea)</span>;
  const chip = (c: string, id?: string) => (
    <span
      key={c}
      className={`badge country${concern.has(c) ? ' country-concern' : ''}`}
      title={concern.has(c) ? `${c}: country of concern` : c}
      data-testid={id}
    >
      {c}
    </span>
  );
  if (codes.length <= max) return <span className="country-chips">{codes.map((c) => chip(c, testId))}</span>;
  const flagged = codes.filter((c) => concern.has(c));
  return (
    <details className="country-more">
      <summary>
        <span className="country-chips">
          {flagged.map((c) => chip(c))}
          <span className="more-count">
            {flagged.length ? '+ ' : ''}
            {codes.length - flagged.length} more ({codes.length} in all)
          </span>
        </span>
      </summary>
      <span className="country-chips">{codes.map((c) => chip(c, testId))}</span>
    </details>
  );
}

function LandmarkRegistry({ landmarks }: { landmarks: readonly Landmark[] }) {
  return (
    <section className="card" aria-labelledby="landmarks-title">
      <h2 id="landmarks-title" className="card-title">
        Landmarks <span className="muted">{plural(landmarks.length, 'registered landmark')}</span>
      </h2>
      {landmarks.length === 0 ? (
        <Empty>
          No landmark is registered yet: <code>stackport landmarks register</code> (admin).
        </Empty>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Landmarks">
            <thead>
              <tr>
                <th scope="col">Landmark</th>
                <th scope="col">Position</th>
                <th scope="col" className="num">
                  Uncertainty
                </th>
                <th scope="col">Operator</th>
                <th scope="col">Control URL</th>
              </tr>
            </thead>
            <tbody>
              {landmarks.map((l) => (
                <tr key={l.id}>
                  <td>
                    <span className="mono">{l.id}</span>
                    {l.label && <span className="muted"> · {l.label}</span>}
                  </td>
                  <td className="nowrap">{fmtLatLon(l.position)}</td>
                  <td className="num">{fmtKm(l.positionUncertaintyKm)}</td>
                  <td>{l.operator ?? <span className="muted">—</span>}</td>
                  <td className="mono sub">{l.url ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ------------------------------------------------------------------ one device

function DeviceView({ deviceId }: { deviceId: string }) {
  const { api } = useSession();
  const { data, error } = useLoad(
    useCallback(
      () => Promise.all([api.device(deviceId), api.verifications({ deviceId, limit: 1000 })]),
      [api, deviceId],
    ),
  );
  const [device, verifications] = data ?? [null, null];
  useEffect(() => {
    if (device) document.title = `${device.serial} · Location · Stackport`;
  }, [device]);
  return (
    <div className="page">
      <Crumbs>
        <span aria-current="page">{device?.serial ?? deviceId}</span>
      </Crumbs>
      <ProblemAlert error={error} label="Device failed" />
      {!data && !error && <Spinner />}
      {device && verifications && (
        <>
          <div className="page-head">
            <h1>
              {device.serial} <span className="muted h1-sub">{device.model}</span>
            </h1>
          </div>
          <DeviceFacts device={device} />
          <section className="card" aria-labelledby="device-verifications">
            <h2 id="device-verifications" className="card-title">
              Verifications <span className="muted">{plural(verifications.length, 'verification')}, newest first</span>
            </h2>
            <VerificationTable rows={verifications} devices={[device]} />
          </section>
        </>
      )}
    </div>
  );
}

function DeviceFacts({ device }: { device: Device }) {
  return (
    <dl className="stats loc-device-facts" data-testid="device-facts">
      <div className="stat">
        <dt className="stat-label">Device</dt>
        <dd className="stat-value mono">{device.deviceId}</dd>
        <dd className="stat-sub">registered {fmtDate(device.registeredAt)}</dd>
      </div>
      <div className="stat">
        <dt className="stat-label">ECCN</dt>
        <dd className="stat-value mono">{device.eccn}</dd>
        <dd className="stat-sub">{device.model}</dd>
      </div>
      <div className="stat">
        <dt className="stat-label">Licensee</dt>
        <dd className="stat-value">{device.licensee}</dd>
        <dd className="stat-sub">{device.licenseId ? `License ${device.licenseId}` : 'no license id'}</dd>
      </div>
      <div className="stat">
        <dt className="stat-label">Licensed site</dt>
        <dd className="stat-value">
          {device.licensedSite.label ?? 'Site'} <span className="badge country">{device.licensedSite.country}</span>
        </dd>
        <dd className="stat-sub">
          {fmtLatLon(device.licensedSite.position)} · radius {fmtKm(device.licensedSite.radiusKm)}
        </dd>
      </div>
    </dl>
  );
}

// ------------------------------------------------------------------ one verification

function VerificationView({ deviceId, id }: { deviceId: string; id: string }) {
  const { api } = useSession();
  const { data, error } = useLoad(
    useCallback(() => Promise.all([api.verification(id), api.device(deviceId), api.landmarks()]), [api, id, deviceId]),
  );
  const [v, device, registry] = data ?? [null, null, null];
  useEffect(() => {
    if (v) document.title = `${v.verdict} · ${device?.serial ?? v.deviceId} · Location · Stackport`;
  }, [v, device]);

  const crumbs = (
    <Crumbs>
      <a href={href('location', deviceId)}>{device?.serial ?? deviceId}</a>
      <span aria-current="page">{v ? fmtDate(v.createdAt) : shortId(id)}</span>
    </Crumbs>
  );
  if (error)
    return (
      <div className="page">
        {crumbs}
        <ProblemAlert error={error} label="Verification failed" />
      </div>
    );
  if (!v || !device || !registry)
    return (
      <div className="page">
        {crumbs}
        <Spinner />
      </div>
    );
  return (
    <div className="page">
      {crumbs}
      <VerificationDetail v={v} device={device} registry={registry} />
    </div>
  );
}

function VerificationDetail({
  v,
  device,
  registry,
}: {
  v: StoredVerification;
  device: Device;
  registry: readonly Landmark[];
}) {
  const r = v.result;
  const loc = r.location;
  const concern = useMemo(() => new Set(r.policy.countriesOfConcern), [r]);
  const site = r.policy.licensedSite ?? device.licensedSite;
  const colour = useMemo(
    () => new Map(r.landmarks.map((l, i) => [l.landmarkId, LANDMARK_COLOURS[i % LANDMARK_COLOURS.length] as string])),
    [r],
  );
  const mapData = useMemo<MapData>(() => {
    const byId = new Map(registry.map((l) => [l.id, l]));
    const rects = loc ? regionRects(loc.region.geometry) : [];
    return {
      caps: loc?.caps ?? [],
      landmarks: r.landmarks.flatMap((l) => {
        const reg = byId.get(l.landmarkId);
        const cap = loc?.caps.find((c) => c.landmarkId === l.landmarkId);
        const position = cap?.center ?? reg?.position;
        return position
          ? [
              {
                id: l.landmarkId,
                label: reg?.label ?? l.landmarkId,
                position,
                status: l.status,
                colour: colour.get(l.landmarkId) ?? '#475569',
              },
            ]
          : [];
      }),
      region: rects.length ? regionFill(rects) : null,
      outline: rects.length ? regionOutline(rects) : null,
      site,
      touched: new Set(loc?.countriesTouched ?? []),
      concern,
    };
  }, [r, loc, registry, site, concern, colour]);

  const rejectionsBy = useMemo(() => {
    const m = new Map<string, LocationRejection[]>();
    for (const x of v.rejections) {
      const k = x.landmarkId ?? '';
      m.set(k, [...(m.get(k) ?? []), x]);
    }
    return m;
  }, [v]);
  const unattributed = rejectionsBy.get('') ?? [];
  const registered = new Map(registry.map((l) => [l.id, l]));
  const allowed = r.policy.allowedCountries ?? [];

  return (
    <>
      <section className={`card verdict-card verdict-card-${v.verdict}`} aria-labelledby="verdict-title">
        <div className="verdict-head">
          <div>
            <div className="record-kicker">Location verification · {fmtDate(v.createdAt)}</div>
            <h1 id="verdict-title" className="verdict-title">
              <VerdictBadge verdict={v.verdict} testId="verdict" />
              <span>{VERDICT_TEXT[v.verdict] ?? v.verdict}</span>
            </h1>
            <p className="verdict-device">
              <a href={href('location', device.deviceId)} className="strong-link">
                {device.serial}
              </a>{' '}
              · {device.model} · <code>{device.eccn}</code> · {device.licensee}
            </p>
          </div>
          <dl className="verdict-ids">
            <div>
              <dt>Verification</dt>
              <dd className="mono">{v.id}</dd>
            </div>
            <div>
              <dt>Session</dt>
              <dd className="mono">{v.sessionId}</dd>
            </div>
          </dl>
        </div>
        <ul className="findings" aria-label="Findings" data-testid="findings">
          {r.findings.map((f) => (
            <li key={f} className={/^possibly in|outside|NOT sound|rejected/.test(f) ? 'finding-bad' : ''}>
              {f}
            </li>
          ))}
        </ul>
      </section>

      <dl className="stats loc-facts">
        <Fact label="Speed profile" testId="soundness" bad={loc ? !loc.sound : false}>
          {loc ? (
            <>
              <span className="stat-value">{loc.sound ? 'Sound' : 'Not sound'}</span>
              <span className="stat-sub">
                {loc.speedProfile === 'light'
                  ? 'signals at the speed of light (c): an RTT can only overstate the distance'
                  : `${loc.speedProfile}: slower than light, may exclude the true location`}
              </span>
            </>
          ) : (
            <span className="stat-value muted">—</span>
          )}
        </Fact>
        <Fact label="Robustness" testId="robustness" bad={false} warn={loc ? !loc.robustness.survives : false}>
          {loc ? (
            <>
              <span className="stat-value">
                {loc.robustness.survives ? 'Survives' : 'Does not survive'} removing{' '}
                {plural(loc.robustness.f, 'landmark')}
              </span>
              <span className="stat-sub">
                {loc.robustness.weakestLandmarks.length
                  ? `weakest: ${loc.robustness.weakestLandmarks.join(', ')}`
                  : 'no single weak landmark'}
              </span>
            </>
          ) : (
            <span className="stat-value muted">—</span>
          )}
        </Fact>
        <Fact label="Licensed site in region" testId="site-in-region" bad={loc?.licensedSiteInRegion === false}>
          <span className="stat-value">
            {loc?.licensedSiteInRegion === true ? 'Yes' : loc?.licensedSiteInRegion === false ? 'No' : 'Unknown'}
          </span>
          <span className="stat-sub">
            {site.label ?? 'site'} ({site.country}), {fmtLatLon(site.position)}, radius {fmtKm(site.radiusKm)}
          </span>
        </Fact>
        <Fact label="Feasible region" testId="region-size" bad={!!loc?.region.empty} warn={!loc}>
          {loc ? (
            loc.region.empty ? (
              <span className="stat-value">Empty: inconsistent measurements</span>
            ) : (
              <>
                <span className="stat-value">{fmtKm(loc.region.boundingRadiusKm)} radius</span>
                <span className="stat-sub">
                  {fmtInt(Math.round(loc.region.areaKm2))} km² from {plural(loc.caps.length, 'cap')}
                </span>
              </>
            )
          ) : (
            <span className="stat-value muted">none: no measurement passed verification</span>
          )}
        </Fact>
      </dl>

      <section className="card loc-map-card" aria-labelledby="map-title">
        <div className="card-head">
          <h2 id="map-title">Map</h2>
          <div className="loc-touched">
            <span className="sub">Countries touched</span>{' '}
            <span data-testid="countries-touched">
              {loc ? (
                <CountryChips codes={loc.countriesTouched} concern={concern} testId="touched-country" />
              ) : (
                <span className="muted">none: no region</span>
              )}
            </span>
          </div>
        </div>
        <div className="loc-map-body">
          <LocationMaps data={mapData} />
          <MapLegend />
        </div>
      </section>

      {loc && loc.reasons.length > 0 && (
        <section className="card" aria-labelledby="reasons-title">
          <h2 id="reasons-title" className="card-title">
            Why <span className="muted">the geometry's reasons, in order</span>
          </h2>
          <ol className="loc-reasons" data-testid="reasons">
            {loc.reasons.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ol>
        </section>
      )}

      <section className="card" aria-labelledby="lm-title">
        <h2 id="lm-title" className="card-title">
          Landmarks{' '}
          <span className="muted">
            {r.landmarks.filter((l) => l.status === 'accepted').length} of {r.landmarks.length} accepted · min RTT on
            the landmark's own clock · cap = RTT/2 × c + margin
          </span>
        </h2>
        <div className="table-scroll">
          <table className="table loc-landmarks" aria-label="Landmark measurements">
            <thead>
              <tr>
                <th scope="col">Landmark</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Min RTT
                </th>
                <th scope="col" className="num">
                  Samples
                </th>
                <th scope="col" className="num">
                  Cap radius
                </th>
                <th scope="col">Rejections</th>
              </tr>
            </thead>
            <tbody>
              {r.landmarks.map((l) => {
                const cap = loc?.caps.find((c) => c.landmarkId === l.landmarkId);
                const reg = registered.get(l.landmarkId);
                const rej = rejectionsBy.get(l.landmarkId) ?? [];
                return (
                  <tr key={l.landmarkId} data-testid="landmark-row" data-landmark={l.landmarkId}>
                    <td>
                      <span className="swatch" style={{ background: colour.get(l.landmarkId) }} aria-hidden="true" />
                      <span className="mono">{l.landmarkId}</span>
                      {reg?.label && <span className="muted"> · {reg.label}</span>}
                      {reg && (
                        <div className="sub nowrap">
                          {fmtLatLon(reg.position)} ± {fmtKm(reg.positionUncertaintyKm)}
                        </div>
                      )}
                    </td>
                    <td>
                      <span className={`badge lm-status lm-status-${l.status}`}>{l.status}</span>
                    </td>
                    <td className="num nowrap">{l.minRttMs !== null ? `${l.minRttMs.toFixed(3)} ms` : '—'}</td>
                    <td className="num">{l.samples}</td>
                    <td className="num nowrap" data-testid="cap-radius">
                      {cap ? (
                        <>
                          {fmtKm(cap.radiusKm)}
                          <div className="sub">
                            {fmtKm(cap.fromRttKm)} RTT + {fmtKm(cap.marginKm)} margin
                          </div>
                        </>
                      ) : (
                        <span className="muted">no cap</span>
                      )}
                    </td>
                    <td className="loc-rejections">
                      {l.error && <div className="neg">{l.error}</div>}
                      {rej.length > 0 ? (
                        <RejectionList rejections={rej} />
                      ) : (
                        !l.error && <span className="muted">none</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {unattributed.length > 0 && (
          <div className="loc-unattributed">
            <h3>Rejected messages not attributed to a landmark</h3>
            <RejectionList rejections={unattributed} />
          </div>
        )}
        {r.tamperingSuspected && (
          <p className="problem loc-tamper" role="alert">
            <strong>Tampering suspected:</strong> forged, replayed or swapped answers were rejected (report-worthy under
            the Chip Security Act).
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="policy-title">
        <h2 id="policy-title" className="card-title">
          Policy applied
        </h2>
        <dl className="loc-policy">
          <dt>Countries of concern</dt>
          <dd>
            <CountryChips codes={r.policy.countriesOfConcern} concern={concern} />
          </dd>
          <dt>Allowed countries</dt>
          <dd>
            {allowed.length === 0 ? (
              <span className="muted">none: only the licensed site counts</span>
            ) : allowed.length > 40 ? (
              <span>every country not of concern ({allowed.length})</span>
            ) : (
              <CountryChips codes={allowed} concern={concern} />
            )}
          </dd>
          <dt>Speed profile</dt>
          <dd>{r.policy.speedProfile ?? 'light'}</dd>
          <dt>Robustness f</dt>
          <dd>{r.policy.robustnessF ?? 1}</dd>
        </dl>
      </section>
    </>
  );
}

function Fact({
  label,
  testId,
  bad,
  warn = false,
  children,
}: {
  label: string;
  testId: string;
  bad: boolean;
  warn?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`stat ${bad ? 'stat-bad' : warn ? 'stat-warn' : 'stat-ok'}`} data-testid={testId}>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-dd">{children}</dd>
    </div>
  );
}

function RejectionList({ rejections }: { rejections: readonly LocationRejection[] }) {
  const byReason = new Map<string, LocationRejection[]>();
  for (const x of rejections) byReason.set(x.reason, [...(byReason.get(x.reason) ?? []), x]);
  return (
    <ul className="rejections">
      {[...byReason].map(([reason, xs]) => (
        <li key={reason} data-testid="rejection">
          <code className="rejection-reason">{reason}</code>
          {xs.length > 1 && <span className="muted"> ×{xs.length}</span>}
          <span className="rejection-detail">{xs[0]?.detail}</span>
        </li>
      ))}
    </ul>
  );
}

function MapLegend() {
  return (
    <ul className="map-legend" aria-label="Map legend">
      <li>
        <span className="key key-region" /> feasible region
      </li>
      <li>
        <span className="key key-cap" /> landmark cap (spherical circle)
      </li>
      <li>
        <span className="key key-landmark" /> landmark · <span className="key-x">×</span> rejected
      </li>
      <li>
        <span className="key key-site" /> licensed site and radius
      </li>
      <li>
        <span className="key key-touched" /> country touched
      </li>
      <li>
        <span className="key key-touched-concern" /> country of concern, touched
      </li>
      <li>
        <span className="key key-concern" /> country of concern
      </li>
    </ul>
  );
}

function fmtLatLon(p: { lat: number; lon: number }): string {
  const lat = `${Math.abs(p.lat).toFixed(2)}° ${p.lat >= 0 ? 'N' : 'S'}`;
  const lon = `${Math.abs(p.lon).toFixed(2)}° ${p.lon >= 0 ? 'E' : 'W'}`;
  return `${lat} ${lon}`;
}
