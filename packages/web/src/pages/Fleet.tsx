/**
 * End-use monitoring of the fleet (GET /api/v1/fleet/overview, /fleet/devices, /fleet/devices/:id/timeline):
 * - #/fleet: the counts, the offline world map of devices per licensed-site country and alerts per country, the
 *   countries, the registered devices, and (analysts) a detector pass;
 * - #/fleet/devices/<deviceId>: one device's timeline: its licensed site, every check-in with its verdict, region
 *   radius, countries touched, tamper flag and source, the check-ins' caps on a map, and the device's alerts.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { type ApiError, type LocationVerdictCode, toApiError } from '../api';
import { DeviceCapsMap, FleetWorldMap, MAX_CAPS } from '../components/FleetMap';
import { AlertTable, CountryChips, deviceHref, FleetCrumbs } from '../components/FleetUi';
import { fmtKm } from '../components/LocationMap';
import { Empty, ProblemAlert, Spinner } from '../components/ui';
import type { PassResult, StoredCheckIn, StoredDevice } from '../fleet-api';
import { fmtDate, fmtInt, plural } from '../format';
import { href, useRouteParams } from '../router';
import { useSession } from '../session';
import { canAct, useLoad } from '../use-load';
import { VerdictBadge } from './Location';

export function FleetPage() {
  const [kind, id] = useRouteParams();
  if (kind === 'devices' && id) return <DeviceTimelineView deviceId={id} />;
  return <Overview />;
}

const PAGE = 100;

function Overview() {
  const { api, me } = useSession();
  const overview = useLoad(useCallback(() => api.fleetOverview(), [api]));
  const [country, setCountry] = useState<string | null>(null);
  const [pass, setPass] = useState<PassResult | null>(null);
  const [passError, setPassError] = useState<ApiError | null>(null);
  const [running, setRunning] = useState(false);
  const o = overview.data;
  // Coming back from a device, the route is the same: the shell does not reset the title.
  useEffect(() => {
    document.title = 'Fleet · Stackport';
  }, []);

  const runPass = async () => {
    setRunning(true);
    setPassError(null);
    try {
      setPass(await api.detect({ mode: 'incremental' }));
      overview.reload();
    } catch (e) {
      setPassError(toApiError(e));
    } finally {
      setRunning(false);
    }
  };

  const rows = useMemo(() => {
    if (!o) return [];
    const m = new Map<string, { country: string; devices: number; alerts: number }>();
    for (const c of o.countries) m.set(c.country, { country: c.country, devices: c.devices, alerts: 0 });
    for (const a of o.alerts.byCountry)
      m.set(a.country, { country: a.country, devices: m.get(a.country)?.devices ?? 0, alerts: a.open });
    return [...m.values()].sort((a, b) => b.devices - a.devices || a.country.localeCompare(b.country));
  }, [o]);

  const s = o?.alerts.byStatus ?? {};
  return (
    <div className="page">
      <div className="page-head page-head-row">
        <div>
          <h1>Fleet monitoring</h1>
          <p className="lede">
            Every registered device checks in with a verified location. Detector passes read the check-ins and raise
            alerts (out of region, moved away, inflated regions, cloned keys, silence, tampering); analysts work the
            alerts into cases. Method and limits: <code>docs/monitoring.md</code>.
          </p>
        </div>
        {canAct(me.role) && (
          <div className="toolbar">
            <button type="button" className="btn btn-primary" onClick={runPass} disabled={running}>
              {running ? 'Running…' : 'Run detector pass'}
            </button>
          </div>
        )}
      </div>
      <ProblemAlert error={passError} label="Detector pass failed" />
      {pass && (
        <output className="flash" data-testid="pass-result">
          Detector pass ({pass.mode}) at {fmtDate(pass.at)}: {plural(pass.devicesExamined, 'device')} examined,{' '}
          {plural(pass.checkInsRead, 'check-in')} read, {plural(pass.alertsNew, 'new alert')},{' '}
          {plural(pass.alertsUpdated, 'alert')} updated.
        </output>
      )}
      <ProblemAlert error={overview.error} label="Fleet overview failed" />
      {!o && !overview.error && <Spinner />}
      {o && (
        <>
          <dl className="stats fleet-stats" data-testid="fleet-stats">
            <div className="stat">
              <dt className="stat-label">Devices</dt>
              <dd className="stat-value" data-testid="fleet-devices">
                {fmtInt(o.devices)}
              </dd>
              <dd className="stat-sub">
                {plural(o.countries.length, 'licensed-site country', 'licensed-site countries')}
              </dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Check-ins</dt>
              <dd className="stat-value">{fmtInt(o.checkIns)}</dd>
              <dd className="stat-sub">verified locations stored</dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Open alerts</dt>
              <dd className="stat-value" data-testid="open-alerts">
                <a href={`${href('alerts')}?status=open`}>{fmtInt(s.open ?? 0)}</a>
              </dd>
              <dd className="stat-sub">not yet in a case</dd>
            </div>
            <div className="stat">
              <dt className="stat-label">In cases</dt>
              <dd className="stat-value">
                <a href={href('cases')}>{fmtInt(s['in-case'] ?? 0)}</a>
              </dd>
              <dd className="stat-sub">{fmtInt(s.dismissed ?? 0)} dismissed</dd>
            </div>
          </dl>
          <section className="card loc-map-card" aria-labelledby="fleet-map-title">
            <div className="card-head">
              <h2 id="fleet-map-title">Where the fleet is licensed, and where the alerts are</h2>
              <span className="muted">
                Offline map (Natural Earth 1:50M); pick a country in the table to list its devices
              </span>
            </div>
            <div className="loc-map-body">
              <FleetWorldMap countries={o.countries} alerts={o.alerts.byCountry} />
            </div>
          </section>
          <div className="fleet-columns">
            <section className="card" aria-labelledby="countries-title">
              <h2 id="countries-title" className="card-title">
                Countries <span className="muted">of the licensed sites</span>
              </h2>
              {rows.length === 0 ? (
                <Empty>No device is registered yet: import a registry (admin, POST /api/v1/fleet/registry).</Empty>
              ) : (
                <table className="table table-compact" aria-label="Countries">
                  <thead>
                    <tr>
                      <th scope="col">Country</th>
                      <th scope="col" className="num">
                        Devices
                      </th>
                      <th scope="col" className="num">
                        Alerts not dismissed
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr
                        key={r.country}
                        data-testid="country-row"
                        data-country={r.country}
                        aria-selected={country === r.country}
                        className={country === r.country ? 'row-selected' : undefined}
                      >
                        <td>
                          <button type="button" className="link-button" onClick={() => setCountry(r.country)}>
                            <span className="badge country">{r.country}</span>
                          </button>
                        </td>
                        <td className="num">{fmtInt(r.devices)}</td>
                        <td className={`num${r.alerts ? ' neg' : ''}`}>{fmtInt(r.alerts)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <DeviceList country={country} onClear={() => setCountry(null)} />
          </div>
        </>
      )}
    </div>
  );
}

function DeviceList({ country, onClear }: { country: string | null; onClear: () => void }) {
  const { api } = useSession();
  // Keyset pages: the ids each page started after.
  const [starts, setStarts] = useState<(string | undefined)[]>([undefined]);
  useEffect(() => {
    void country;
    setStarts([undefined]);
  }, [country]);
  const after = starts.at(-1);
  const { data, error } = useLoad(
    useCallback(
      () => api.fleetDevices({ limit: PAGE, ...(after ? { after } : {}), ...(country ? { country } : {}) }),
      [api, after, country],
    ),
  );
  return (
    <section className="card" aria-labelledby="fleet-devices-title">
      <div className="card-head">
        <h2 id="fleet-devices-title">
          Devices{' '}
          {country && (
            <>
              in <span className="badge country">{country}</span>{' '}
              <button type="button" className="btn btn-quiet btn-small" onClick={onClear}>
                All countries
              </button>
            </>
          )}
        </h2>
        <span className="muted">by id, {PAGE} a page</span>
      </div>
      <ProblemAlert error={error} label="Devices failed" />
      {!data && !error && <Spinner />}
      {data && data.length === 0 && <Empty>No device.</Empty>}
      {data && data.length > 0 && (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Fleet devices">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Model · ECCN</th>
                <th scope="col">Licensee</th>
                <th scope="col">Licensed site</th>
                <th scope="col" className="num">
                  Check-in every
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.deviceId} data-testid="fleet-device-row" data-device={d.deviceId}>
                  <td>
                    <a href={deviceHref(d.deviceId)} className="strong-link mono">
                      {d.deviceId}
                    </a>
                    <div className="sub">{d.serial}</div>
                  </td>
                  <td>
                    {d.model} <code>{d.eccn}</code>
                  </td>
                  <td>
                    {d.licensee}
                    {d.endUser && <div className="sub">end user {d.endUser}</div>}
                  </td>
                  <td>
                    {d.licensedSite.label ?? 'Site'} <span className="badge country">{d.licensedSite.country}</span>
                  </td>
                  <td className="num">{d.expectedCheckInHours} h</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {starts.length > 1 && (
          <button type="button" className="btn btn-small" onClick={() => setStarts((s) => s.slice(0, -1))}>
            Previous
          </button>
        )}
        {data && data.length === PAGE && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setStarts((s) => [...s, data.at(-1)?.deviceId])}
          >
            Next {PAGE}
          </button>
        )}
      </div>
    </section>
  );
}

// ------------------------------------------------------------------ one device

const VERDICTS: readonly LocationVerdictCode[] = ['ALLOW', 'INCONCLUSIVE', 'VIOLATION'];

function DeviceTimelineView({ deviceId }: { deviceId: string }) {
  const { api } = useSession();
  const { data, error } = useLoad(useCallback(() => api.fleetTimeline(deviceId, 500), [api, deviceId]));
  const [highlight, setHighlight] = useState<string | null>(null);
  useEffect(() => {
    if (data) document.title = `${data.device.deviceId} · Fleet · Stackport`;
  }, [data]);
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of data?.checkIns ?? []) m.set(c.verdict, (m.get(c.verdict) ?? 0) + 1);
    return m;
  }, [data]);
  return (
    <div className="page">
      <FleetCrumbs root="fleet">
        <span aria-current="page">{deviceId}</span>
      </FleetCrumbs>
      <ProblemAlert error={error} label="Device timeline failed" />
      {!data && !error && <Spinner />}
      {data && (
        <>
          <div className="page-head">
            <h1>
              <span className="mono">{data.device.deviceId}</span>{' '}
              <span className="muted h1-sub">
                {data.device.serial} · {data.device.model}
              </span>
            </h1>
          </div>
          <DeviceFacts device={data.device} />
          <dl className="stats fleet-stats" data-testid="verdict-counts">
            {VERDICTS.map((v) => (
              <div className="stat" key={v}>
                <dt className="stat-label">
                  <VerdictBadge verdict={v} />
                </dt>
                <dd className="stat-value" data-testid={`count-${v}`}>
                  {fmtInt(counts.get(v) ?? 0)}
                </dd>
                <dd className="stat-sub">of {plural(data.checkIns.length, 'check-in')} shown</dd>
              </div>
            ))}
            <div className="stat">
              <dt className="stat-label">Alerts</dt>
              <dd className="stat-value">{fmtInt(data.alerts.length)}</dd>
              <dd className="stat-sub">
                {fmtInt(data.alerts.filter((a) => a.status === 'open').length)} open ·{' '}
                <a href={`${href('alerts')}?deviceId=${encodeURIComponent(deviceId)}&status=`}>in the queue</a>
              </dd>
            </div>
          </dl>
          <section className="card loc-map-card" aria-labelledby="device-map-title">
            <div className="card-head">
              <h2 id="device-map-title">Check-in regions and the licensed site</h2>
              <span className="muted">
                {data.checkIns.length > MAX_CAPS
                  ? `the newest ${MAX_CAPS} of ${data.checkIns.length}`
                  : plural(data.checkIns.length, 'check-in')}
              </span>
            </div>
            <div className="loc-map-body">
              {data.checkIns.length === 0 ? (
                <Empty>No check-in yet.</Empty>
              ) : (
                <DeviceCapsMap site={data.device.licensedSite} checkIns={data.checkIns} highlight={highlight} />
              )}
            </div>
          </section>
          <section className="card" aria-labelledby="device-alerts-title">
            <h2 id="device-alerts-title" className="card-title">
              Alerts <span className="muted">{plural(data.alerts.length, 'alert')}, newest first</span>
            </h2>
            {data.alerts.length === 0 ? (
              <Empty>No alert on this device.</Empty>
            ) : (
              <AlertTable alerts={data.alerts} label="Device alerts" showDevice={false} />
            )}
          </section>
          <section className="card" aria-labelledby="device-checkins-title">
            <h2 id="device-checkins-title" className="card-title">
              Timeline <span className="muted">{plural(data.checkIns.length, 'check-in')}, newest first</span>
            </h2>
            <CheckInTable
              checkIns={data.checkIns}
              device={data.device}
              onHover={setHighlight}
              flagged={new Set(data.alerts.flatMap((a) => a.evidence.checkInIds))}
            />
          </section>
        </>
      )}
    </div>
  );
}

function DeviceFacts({ device }: { device: StoredDevice }) {
  const site = device.licensedSite;
  return (
    <dl className="stats fleet-stats" data-testid="device-facts">
      <div className="stat">
        <dt className="stat-label">Licensed site</dt>
        <dd className="stat-value" data-testid="licensed-site">
          {site.label ?? 'Site'} <span className="badge country">{site.country}</span>
        </dd>
        <dd className="stat-sub">
          {site.position.lat.toFixed(3)}, {site.position.lon.toFixed(3)} · radius {fmtKm(site.radiusKm)}
        </dd>
      </div>
      <div className="stat">
        <dt className="stat-label">Licensee</dt>
        <dd className="stat-value">{device.licensee}</dd>
        <dd className="stat-sub">
          {device.licenseId ? `License ${device.licenseId}` : 'no license id'}
          {device.endUser ? ` · end user ${device.endUser}` : ''}
        </dd>
      </div>
      <div className="stat">
        <dt className="stat-label">ECCN</dt>
        <dd className="stat-value mono">{device.eccn}</dd>
        <dd className="stat-sub">{device.shipmentId ? `shipment ${device.shipmentId}` : 'no shipment'}</dd>
      </div>
      <div className="stat">
        <dt className="stat-label">Monitoring</dt>
        <dd className="stat-value">every {device.expectedCheckInHours} h</dd>
        <dd className="stat-sub">since {fmtDate(device.registeredAt)}</dd>
      </div>
    </dl>
  );
}

function CheckInTable({
  checkIns,
  device,
  onHover,
  flagged,
}: {
  checkIns: readonly StoredCheckIn[];
  device: StoredDevice;
  onHover: (id: string | null) => void;
  flagged: ReadonlySet<string>;
}) {
  if (checkIns.length === 0) return <Empty>No check-in yet.</Empty>;
  return (
    <div className="table-scroll">
      <table className="table table-compact" aria-label="Check-ins">
        <thead>
          <tr>
            <th scope="col">At</th>
            <th scope="col">Verdict</th>
            <th scope="col" className="num">
              Region radius
            </th>
            <th scope="col">Countries the region touches</th>
            <th scope="col">Site in region</th>
            <th scope="col">Tamper</th>
            <th scope="col">Source</th>
            <th scope="col">Check-in</th>
          </tr>
        </thead>
        <tbody>
          {checkIns.map((c) => (
            <tr
              key={c.checkInId}
              data-testid="checkin-row"
              data-check-in={c.checkInId}
              data-verdict={c.verdict}
              className={flagged.has(c.checkInId) ? 'row-flagged' : undefined}
              onMouseEnter={() => onHover(c.checkInId)}
              onMouseLeave={() => onHover(null)}
            >
              <td className="nowrap">{fmtDate(c.at)}</td>
              <td>
                <VerdictBadge verdict={c.verdict} testId="checkin-verdict" />
              </td>
              <td className="num nowrap">{fmtKm(c.region.boundingRadiusKm)}</td>
              <td>
                <CountryChips codes={c.region.countriesTouched} site={device.licensedSite.country} />
              </td>
              <td>
                {c.region.licensedSiteInRegion === null ? (
                  <span className="muted">n/a</span>
                ) : c.region.licensedSiteInRegion ? (
                  'yes'
                ) : (
                  <strong className="neg">no</strong>
                )}
              </td>
              <td data-testid="tamper">{c.tamper ? <strong className="neg">tamper reported</strong> : ''}</td>
              <td className="nowrap">
                <CheckInSource checkIn={c} />
              </td>
              <td className="mono sub">
                {c.checkInId}
                {flagged.has(c.checkInId) && <span className="badge sev sev-high flag-inline">alert</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Where a check-in came from: a verification here (linked), a batch signed by a registered verifier (its id and the
 * batch), or an unsigned import, which the evidence bundle marks as such.
 */
function CheckInSource({ checkIn: c }: { checkIn: StoredCheckIn }) {
  if (c.source === 'verification' && c.verificationId)
    return <a href={href('location', c.deviceId, c.verificationId)}>verification</a>;
  if (c.source.startsWith('verifier:'))
    return (
      <span data-testid="checkin-source" title={c.batchId ? `signed batch ${c.batchId}` : undefined}>
        signed by <span className="mono">{c.source.slice('verifier:'.length)}</span>
        {c.batchId && <div className="sub mono">{c.batchId}</div>}
      </span>
    );
  return (
    <span className="muted" data-testid="checkin-source">
      unsigned import
    </span>
  );
}
