import { emptyHomepage, realPayload, repoPayload, validPayload } from "./webhooks.js";

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
