/** The checklist Flightdeck opens for a release when the config gives no template. */
export const DEFAULT_CHECKLIST = `Tick every item before the production deploy; Flightdeck's deployment rule waits for this issue when \`gates.deployments.<env>.checklist\` is on. Items marked by evidence tick and untick themselves from the readiness report above.

### Infrastructure
- [ ] Production environment provisioned from code, with a reviewed diff
- [ ] Backups run on schedule and a restore was tested
- [ ] TLS certificates valid for at least 30 days and renewing automatically
- [ ] Autoscaling limits and health checks set

### Security
- [ ] Dependency and container scans show no critical findings <!-- flightdeck:evidence security -->
- [ ] Authentication and authorization paths tested
- [ ] Secrets come from the secret store; none in code or logs
- [ ] Rate limits and security headers configured

### Testing
- [ ] Tests, end-to-end included, pass on the release commit <!-- flightdeck:evidence qa -->
- [ ] Load test met its thresholds on staging <!-- flightdeck:evidence load -->
- [ ] No open P0 bugs <!-- flightdeck:evidence defects.p0 -->

### Documentation
- [ ] Release notes written
- [ ] User and API documentation updated

### Operations
- [ ] Dashboards and alerts cover the new behaviour
- [ ] On-call knows the release window and the rollback procedure
- [ ] Rollback tested on staging

### Legal
- [ ] Licences of new dependencies reviewed
- [ ] Privacy and data-processing changes reviewed`;

/** Marker that identifies the checklist of one version. */
export function checklistMarker(version: string): string {
  return `<!-- flightdeck:checklist version=${version} -->`;
}

/** The version a checklist body's marker names, or undefined when it has none. */
export function checklistVersion(body: string | null | undefined): string | undefined {
  return /<!-- flightdeck:checklist version=([A-Za-z0-9][A-Za-z0-9._+-]{0,49}) -->/.exec(body ?? "")?.[1];
}

/**
 * Whether a milestone title names a release version: case and a leading `v` aside, so the
 * milestone `1.4.0` (or `V1.4.0`) is release `v1.4.0`'s.
 */
export function sameVersion(a: string, b: string): boolean {
  const bare = (s: string) => s.trim().toLowerCase().replace(/^v/, "");
  return bare(a) === bare(b);
}

/** A release version as people write it: v1.2.3, 1.2, 2026.11, v2-rc1. */
export function validVersion(version: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._+-]{0,49}$/.test(version);
}

/**
 * The readiness-checklist issue for a release: title and body from the template (`{{version}}`
 * replaced), ending with the hidden marker that makes creating it idempotent.
 */
export function renderChecklist(
  version: string,
  template = DEFAULT_CHECKLIST,
): { title: string; body: string } {
  return {
    title: `Release ${version}: readiness checklist`,
    body: `${template.replaceAll("{{version}}", version).trim()}\n\n${checklistMarker(version)}`,
  };
}

/** Ticked and total task-list items of a checklist body. */
export function checklistProgress(body: string): { done: number; total: number } {
  const boxes = [...body.matchAll(/^\s*[-*] \[([ xX])\]/gm)].map((m) => m[1] !== " ");
  return { done: boxes.filter(Boolean).length, total: boxes.length };
}
