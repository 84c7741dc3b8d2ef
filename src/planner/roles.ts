import type { Role } from "./schema.js";

// Ordered: the first rule that matches an agent/owner name wins. Agent names in playbooks are
// hyphenated job titles ("python-backend-engineer", "docker-containerization-expert").
const AGENT_RULES: Array<[RegExp, Role]> = [
  [/\b(qa|test|testing|tester|quality|sdet)\b/, "qa"],
  [
    /\b(devops|docker|container|containeri[sz]ation|kubernetes|k8s|infra|infrastructure|sre|terraform|cloud|aws|gcp|azure|deploy|ops|platform)\b/,
    "devops",
  ],
  [/\b(design|designer|ux|ui-designer|visual)\b/, "design"],
  [/\b(product|pm|owner|manager)\b/, "product"],
  [/\b(architect|lead|tech-lead|principal|staff)\b/, "tech-lead"],
  [/\b(frontend|front-end|front|ui|react|vue|angular|svelte|web|css|mobile|ios|android|fe)\b/, "frontend"],
  [
    /\b(backend|back-end|back|api|python|node|java|golang|go|rust|ruby|php|postgres|postgresql|sql|database|db|data|ml|be)\b/,
    "backend",
  ],
];

// Words in a task's own wording and the role they suggest, with weights: a title word counts
// three times as much as a word in the details.
const WORD_RULES: Array<[RegExp, Role]> = [
  [/\b(tests?|testing|e2e|qa|regression|test plan|coverage|load test(ing)?|verify|validation suite)\b/, "qa"],
  [
    /\b(docker(file)?|docker-compose|deploy(ment)?|ci\/cd|pipeline|kubernetes|helm|terraform|infrastructure|monitoring|alerting|observability|dashboards? for ops|production|environment configuration|ssl|cdn|backups?)\b/,
    "devops",
  ],
  [/\b(ux|wireframes?|mockups?|figma|visual design|design system|prototype|user flows?)\b/, "design"],
  [
    /\b(ui|frontend|front-end|react|page|screen|view|views|dashboard|components?|css|overlay|viewer|library ui)\b/,
    "frontend",
  ],
  [
    /\b(architecture|technical design|rfc|adr|tech spec|code review standards|scaffold(ing)?|project structure|skeleton)\b/,
    "tech-lead",
  ],
  [
    /\b(prd|requirements|user research|roadmap|stakeholders?|success metrics|launch plan|pricing|documentation|docs|demo)\b/,
    "product",
  ],
  [
    /\b(api|endpoints?|database|schema|model|migrations?|auth(entication)?|jwt|crud|server|backend|queries|integration|sync|webhooks?|export|import|pattern|service|replay|metrics collection)\b/,
    "backend",
  ],
];

/** Maps an agent or owner name from an epic ("python-backend-engineer") to a role, if any. */
export function roleFromAgent(agent: string): Role | undefined {
  const name = agent.toLowerCase().replace(/[_/]/g, "-").replace(/-/g, " ");
  for (const [re, role] of AGENT_RULES) if (re.test(name) || re.test(agent.toLowerCase())) return role;
  return undefined;
}

/**
 * Scores each role by the words of a task (title weighted ×3 over details).
 * @returns roles with a positive score, best first
 */
export function rolesFromWording(title: string, details = ""): Role[] {
  const score = new Map<Role, number>();
  const add = (text: string, weight: number) => {
    const t = text.toLowerCase();
    for (const [re, role] of WORD_RULES) {
      const hits = t.match(new RegExp(re.source, "g"))?.length ?? 0;
      if (hits) score.set(role, (score.get(role) ?? 0) + hits * weight);
    }
  };
  add(title, 3);
  add(details, 1);
  return [...score.entries()].sort((a, b) => b[1] - a[1]).map(([r]) => r);
}

/**
 * Chooses a task's role. Explicit agent hints win; among several hints the one the wording
 * its title supports most wins ("Write authentication tests" by a backend and a testing agent →
 * qa), else the first hint.
 * Without hints the wording decides, then `fallback`.
 */
export function inferRole(title: string, details: string, hints: Role[], fallback: Role = "backend"): Role {
  const worded = rolesFromWording(title, details);
  if (hints.length === 1) return hints[0] as Role;
  if (hints.length > 1) {
    const titleRoles = rolesFromWording(title);
    return titleRoles.find((r) => hints.includes(r)) ?? (hints[0] as Role);
  }
  return worded[0] ?? fallback;
}
