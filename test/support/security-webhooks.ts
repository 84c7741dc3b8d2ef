import { emptyHomepage, person, realPayload, repoPayload, validPayload } from "./webhooks.js";

/**
 * `code_scanning_alert.<action>` from a real payload, retargeted at the test repository, on
 * `ref` (`""` for the alert-wide `closed_by_user` and `reopened_by_user`), schema-validated.
 */
export function codeScanningAlertEvent(
  action: "created" | "fixed" | "reopened" | "closed_by_user",
  ref: string,
  number = 42,
) {
  const p = repoPayload(realPayload("code_scanning_alert", action, emptyHomepage));
  p.ref = ref;
  p.commit_oid = ref ? "d".repeat(40) : "";
  p.alert.number = number;
  if (p.alert.most_recent_instance) p.alert.most_recent_instance.ref = ref;
  return validPayload("code_scanning_alert", action, p);
}

/** `dependabot_alert.<action>` from a real payload, retargeted at the test repository, schema-validated. */
export function dependabotAlertEvent(action: "created" | "fixed", number = 7) {
  const p = repoPayload(realPayload("dependabot_alert", action, emptyHomepage));
  p.alert.number = number;
  return validPayload("dependabot_alert", action, p);
}

/**
 * `secret_scanning_alert.<action>`: @octokit/webhooks-examples has none, so it is built from a
 * real payload's repository and sender and validated against GitHub's schema.
 */
export function secretScanningAlertEvent(action: "created" | "resolved", number = 2) {
  const base = repoPayload(realPayload("dependabot_alert", "created", emptyHomepage));
  const resolved = action === "resolved";
  return validPayload("secret_scanning_alert", action, {
    action,
    alert: {
      number,
      created_at: "2026-11-20T09:00:00Z",
      updated_at: "2026-11-20T11:00:00Z",
      url: `https://api.github.com/repos/${base.repository.full_name}/secret-scanning/alerts/${number}`,
      html_url: `https://github.com/${base.repository.full_name}/security/secret-scanning/${number}`,
      locations_url: `https://api.github.com/repos/${base.repository.full_name}/secret-scanning/alerts/${number}/locations`,
      resolution: resolved ? "revoked" : null,
      resolved_at: resolved ? "2026-11-20T11:00:00Z" : null,
      resolved_by: resolved ? person(base.sender, "mona") : null,
      secret_type: "adafruit_io_key",
      secret_type_display_name: "Adafruit IO Key",
    },
    repository: base.repository,
    sender: person(base.sender, resolved ? "mona" : "github"),
  });
}
