// Generated from schema/openapi.json by dashboard/scripts/gen-api-types.mjs: do not edit.
// Regenerate with `node dashboard/scripts/gen-api-types.mjs` (npm run build:dashboard does).
// bulwark control plane 1.0.0

/** an alert notification as the alerting context sent it (docs/alerting.md), with its deliveries */
export interface Alert {
  /** the delivery key (`<dedupeKey>:<stage>`), unique per notification */
  readonly key: string;
  /** names the alert: shared by its trigger and its resolve */
  readonly dedupeKey: string;
  readonly type: "alert" | "group" | "summary";
  readonly action: "trigger" | "resolve";
  readonly severity: "page" | "ticket" | "info";
  readonly summary: string;
  readonly source: "anomaly" | "incident" | "slo" | "policy";
  readonly kind: string;
  readonly model: string;
  readonly rule: string;
  readonly version?: string;
  readonly apiKeys: readonly string[];
  readonly incidentId?: string;
  /** what bulwark did on its own */
  readonly automatedAction?: "rollback" | "freeze" | "contain" | "revert";
  /** occurrences this notification stands for */
  readonly count: number;
  /** milliseconds since the Unix epoch */
  readonly firstSeenAt: number;
  /** when the notification was made */
  readonly at: number;
  readonly runbook: Runbook;
  readonly related: readonly Runbook[];
  readonly details: Readonly<Record<string, unknown>>;
  /** when it entered the outbox */
  readonly queuedAt: number;
  /** one per sink it was routed to (with `status`: those in that status) */
  readonly deliveries: readonly AlertDelivery[];
  readonly [key: string]: unknown;
}

export interface AlertDelivery {
  /** the sink id (`<kind>-<8 hex of its target>`) */
  readonly sink: string;
  readonly status: "pending" | "delivered" | "dead";
  readonly attempts: number;
  /** milliseconds since the Unix epoch */
  readonly nextAttemptAt: number;
  /** HTTP status of the last attempt (0: network error) */
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: number | null;
  /** milliseconds since the Unix epoch */
  readonly updatedAt: number;
}

export interface Anomaly {
  readonly id: string;
  readonly kind: "rule" | "extraction_suspected" | "evaluation_errors";
  readonly model: string;
  readonly version: string;
  readonly rule: string;
  readonly condition: string;
  readonly observed?: number;
  readonly expected?: number;
  /** milliseconds since the Unix epoch */
  readonly onset: number;
  /** milliseconds since the Unix epoch */
  readonly detectedAt: number;
  readonly timeToDetectMs: number;
  readonly severity: "page" | "ticket" | "soft";
  readonly action: "rollback" | "alert" | "contain";
  readonly dryRun: boolean;
  readonly sampleRequestIds: readonly string[];
  readonly apiKeys: readonly string[];
  readonly [key: string]: unknown;
}

export interface ApiError {
  readonly error: {
    /** a stable code from docs/errors.md, e.g. API_ERR_UNAUTHORIZED */
    readonly code: string;
    readonly message: string;
    /** API_ERR_INVALID_REQUEST: one entry per bad field */
    readonly problems?: readonly {
      readonly path: string;
      readonly message: string;
    }[];
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

/** the per-model breaker state (docs/rollback.md); more fields by kind */
export interface BreakerState {
  readonly kind: "steady" | "rolling_back" | "rolled_back" | "rolling_forward" | "frozen";
  readonly model: string;
  readonly lkg: string;
  /** milliseconds since the Unix epoch */
  readonly since: number;
  readonly [key: string]: unknown;
}

/** a forensic bundle with PII redacted in every request body, whatever the stored policy; `events` is one page */
export interface Bundle {
  readonly entry: BundleEntry;
  readonly bundle: {
    readonly format: "bulwark.forensics/v1";
    readonly model: string;
    readonly incidentId: string;
    readonly redactedPii: true;
    readonly storedRedactedPii: boolean;
    readonly events: readonly {
      readonly requestId: string;
      readonly input: string;
      readonly [key: string]: unknown;
    }[];
    readonly [key: string]: unknown;
  };
  readonly events: {
    readonly offset: number;
    readonly limit: number;
    readonly total: number;
  };
}

export interface BundleEntry {
  readonly digest: string;
  readonly model: string;
  readonly anomalyId: string;
  readonly incidentId: string;
  /** milliseconds since the Unix epoch */
  readonly createdAt: number;
  readonly bytes: number;
}

export interface Incident {
  readonly id: string;
  /** missed: an attack an operator reported that bulwark did not detect */
  readonly kind: "detected" | "missed";
  readonly model: string;
  readonly state: "rolling_back" | "mitigated" | "frozen" | "resolved";
  readonly suspect: string;
  readonly lkg: string;
  readonly anomaly: {
    readonly id: string;
    readonly rule: string;
    readonly version: string;
    readonly severity: "page" | "ticket" | "soft";
    readonly [key: string]: unknown;
  };
  /** milliseconds since the Unix epoch */
  readonly onsetAt: number;
  /** milliseconds since the Unix epoch */
  readonly detectedAt: number;
  /** milliseconds since the Unix epoch */
  readonly openedAt: number;
  /** milliseconds since the Unix epoch */
  readonly mitigatedAt?: number;
  readonly timeToDetectMs: number;
  readonly timeToMitigateMs?: number;
  readonly bundleDigest?: string;
  readonly feedback?: {
    readonly verdict: "true_positive" | "false_positive" | "inconclusive";
    readonly note?: string;
    readonly actor: string;
    /** milliseconds since the Unix epoch */
    readonly at: number;
  };
  /** milliseconds since the Unix epoch */
  readonly updatedAt: number;
  /** most relevant first: what fired, the freeze page when the breaker froze on this incident, the untrusted-window follow-up after a rollback */
  readonly runbooks: readonly Runbook[];
  readonly [key: string]: unknown;
}

export interface IncidentDetail {
  readonly incident: Incident;
  /** breaker decisions that mention the incident's anomaly */
  readonly decisions: readonly {
    readonly model: string;
    readonly seq: number;
    /** milliseconds since the Unix epoch */
    readonly at: number;
    readonly [key: string]: unknown;
  }[];
  readonly bundle: {
    readonly digest: string;
    readonly bytes: number;
  } | null;
}

export interface KnobsDocument {
  readonly source: "file" | "redis" | "etcd";
  /** the knobs file (file source) */
  readonly path: string | null;
  readonly knobs: {
    readonly rules: Readonly<Record<string, {
      /** the `threshold` a rule expression refers to */
      readonly threshold?: number;
      /** a duration: one or more <integer><unit> groups, unit ms|s|m|h|d (e.g. 10s, 1h30m) */
      readonly window?: string;
      readonly minEvents?: number;
      /** a duration: one or more <integer><unit> groups, unit ms|s|m|h|d (e.g. 10s, 1h30m) */
      readonly holdFor?: string;
      readonly dryRun?: boolean;
    }>>;
    readonly inspectors: Readonly<Record<string, {
      readonly threshold?: number;
      /** 0 (lenient) to 1 (strict) */
      readonly sensitivity?: number;
    }>>;
  };
  /** knob keys that match no rule or inspector of the config */
  readonly unknown: readonly string[];
}

export interface KnobsUpdate {
  readonly source: "file" | "redis" | "etcd";
  /** the knobs file (file source) */
  readonly path: string | null;
  readonly knobs: {
    readonly rules: Readonly<Record<string, {
      /** the `threshold` a rule expression refers to */
      readonly threshold?: number;
      /** a duration: one or more <integer><unit> groups, unit ms|s|m|h|d (e.g. 10s, 1h30m) */
      readonly window?: string;
      readonly minEvents?: number;
      /** a duration: one or more <integer><unit> groups, unit ms|s|m|h|d (e.g. 10s, 1h30m) */
      readonly holdFor?: string;
      readonly dryRun?: boolean;
    }>>;
    readonly inspectors: Readonly<Record<string, {
      readonly threshold?: number;
      /** 0 (lenient) to 1 (strict) */
      readonly sensitivity?: number;
    }>>;
  };
  /** knob keys that match no rule or inspector of the config */
  readonly unknown: readonly string[];
  readonly changes: readonly {
    readonly path: string;
    readonly before: unknown;
    readonly after: unknown;
  }[];
}

export interface Model {
  readonly name: string;
  readonly protocol: string;
  /** declared in bulwark.yaml */
  readonly versions: readonly string[];
  readonly declaredRoute: {
    readonly active: string;
    readonly lkg?: string;
    readonly weights?: Readonly<Record<string, number>>;
    readonly shadow?: {
      readonly version: string;
      readonly percent: number;
    };
  };
  /** the route in force */
  readonly route: RouteTable | null;
  /** null: no rollback rule, so no breaker */
  readonly breaker: BreakerState | null;
  /** the runbook of a frozen breaker (loop-guard-freeze, lkg-unhealthy-canary); null when it is not frozen */
  readonly breakerRunbook: Runbook | null;
}

export interface QueuedCommand {
  readonly id: number;
  readonly model: string;
  readonly command: {
    readonly type: "approve";
    readonly version: string;
  } | {
    readonly type: "unfreeze";
  };
  readonly actor: string;
  readonly reason: string;
  /** milliseconds since the Unix epoch */
  readonly createdAt: number;
  readonly status: "pending" | "applied" | "rejected";
  readonly settledAt: number | null;
  readonly detail: string | null;
}

export interface RedteamReport {
  readonly ref: RedteamReportRef;
  readonly mediaType: string;
  readonly report: unknown;
}

export interface RedteamReportRef {
  readonly model: string;
  readonly version: string;
  readonly digest: string;
  /** milliseconds since the Unix epoch */
  readonly attachedAt: number;
  readonly actor: string;
}

export interface RouteTable {
  readonly active: string;
  readonly lkg?: string;
  readonly weights?: Readonly<Record<string, number>>;
  readonly shadow?: {
    readonly version: string;
    readonly percent: number;
  };
  /** increases at every switch */
  readonly epoch: number;
}

/** a runbook page (src/alerts/runbooks.ts owns the ids and titles) */
export interface Runbook {
  /** the page docs/runbooks/<id>.md */
  readonly id: string;
  readonly title: string;
  /** the page in the repository: docs/runbooks/<id>.md */
  readonly path: string;
  /** <alerts.runbookBaseUrl>/<id>.md when set, else the repository path */
  readonly url: string;
}

/** a registry record with its status history and attached documents */
export interface Version {
  readonly record: {
    readonly model: string;
    readonly version: string;
    readonly artifact: {
      readonly digest: string;
      readonly sizeBytes: number;
      readonly path: string;
    };
    /** milliseconds since the Unix epoch */
    readonly createdAt: number;
    readonly [key: string]: unknown;
  };
  readonly status: "candidate" | "active" | "lkg" | "quarantined" | "retired";
  readonly history: readonly {
    readonly seq: number;
    readonly status: string;
    /** milliseconds since the Unix epoch */
    readonly at: number;
    readonly actor: string;
    readonly [key: string]: unknown;
  }[];
  readonly documents: readonly {
    readonly kind: string;
    readonly digest: string;
    /** milliseconds since the Unix epoch */
    readonly attachedAt: number;
    readonly actor: string;
    readonly [key: string]: unknown;
  }[];
}

export interface Whoami {
  /** the id of the token under control.tokens (the actor in the audit log) */
  readonly tokenId: string;
  readonly role: "viewer" | "operator" | "admin";
  /** what the role may do; the routes check it again */
  readonly can: {
    /** POST /api/v1/models/{model}/approve */
    readonly approve: boolean;
    /** POST /api/v1/models/{model}/unfreeze */
    readonly unfreeze: boolean;
    /** POST /api/v1/incidents/{id}/feedback */
    readonly giveFeedback: boolean;
    /** POST /api/v1/incidents (a missed attack) */
    readonly reportMissed: boolean;
    /** PUT /api/v1/knobs */
    readonly editKnobs: boolean;
  };
}

/** The operations: method, path template and the least role (x-bulwark-role). */
export const OPERATIONS = {
  healthz: { method: "GET", path: "/healthz", role: "public" },
  openapi: { method: "GET", path: "/openapi.json", role: "public" },
  streamEvents: { method: "GET", path: "/api/v1/events", role: "viewer" },
  whoami: { method: "GET", path: "/api/v1/whoami", role: "viewer" },
  listModels: { method: "GET", path: "/api/v1/models", role: "viewer" },
  getModel: { method: "GET", path: "/api/v1/models/{model}", role: "viewer" },
  listModelVersions: { method: "GET", path: "/api/v1/models/{model}/versions", role: "viewer" },
  approveRollForward: { method: "POST", path: "/api/v1/models/{model}/approve", role: "operator" },
  unfreezeBreaker: { method: "POST", path: "/api/v1/models/{model}/unfreeze", role: "operator" },
  getCommand: { method: "GET", path: "/api/v1/commands/{id}", role: "viewer" },
  listAnomalies: { method: "GET", path: "/api/v1/anomalies", role: "viewer" },
  listAlerts: { method: "GET", path: "/api/v1/alerts", role: "viewer" },
  listBundles: { method: "GET", path: "/api/v1/forensics", role: "viewer" },
  getBundle: { method: "GET", path: "/api/v1/forensics/{id}", role: "viewer" },
  listRedteamReports: { method: "GET", path: "/api/v1/redteam/reports", role: "viewer" },
  getRedteamReport: { method: "GET", path: "/api/v1/redteam/reports/{digest}", role: "viewer" },
  listIncidents: { method: "GET", path: "/api/v1/incidents", role: "viewer" },
  reportMissedAttack: { method: "POST", path: "/api/v1/incidents", role: "operator" },
  getIncident: { method: "GET", path: "/api/v1/incidents/{id}", role: "viewer" },
  giveIncidentFeedback: { method: "POST", path: "/api/v1/incidents/{id}/feedback", role: "operator" },
  getKnobs: { method: "GET", path: "/api/v1/knobs", role: "viewer" },
  putKnobs: { method: "PUT", path: "/api/v1/knobs", role: "admin" },
} as const;

export type OperationId = keyof typeof OPERATIONS;

/** The JSON answer of each operation on success (2xx). */
export interface ResponseOf {
  healthz: {
    readonly status: "live";
  };
  openapi: Readonly<Record<string, unknown>>;
  streamEvents: never;
  whoami: Whoami;
  listModels: {
    readonly models: readonly Model[];
  };
  getModel: Model;
  listModelVersions: {
    readonly versions: readonly Version[];
  };
  approveRollForward: {
    readonly command: QueuedCommand;
  };
  unfreezeBreaker: {
    readonly command: QueuedCommand;
  };
  getCommand: QueuedCommand;
  listAnomalies: {
    readonly anomalies: readonly Anomaly[];
  };
  listAlerts: {
    readonly alerts: readonly Alert[];
  };
  listBundles: {
    readonly bundles: readonly BundleEntry[];
  };
  getBundle: Bundle;
  listRedteamReports: {
    readonly reports: readonly RedteamReportRef[];
  };
  getRedteamReport: RedteamReport;
  listIncidents: {
    readonly incidents: readonly Incident[];
  };
  reportMissedAttack: Incident;
  getIncident: IncidentDetail;
  giveIncidentFeedback: Incident;
  getKnobs: KnobsDocument;
  putKnobs: KnobsUpdate;
}

/** The JSON request body of each operation (`never`: none). */
export interface BodyOf {
  healthz: never;
  openapi: never;
  streamEvents: never;
  whoami: never;
  listModels: never;
  getModel: never;
  listModelVersions: never;
  approveRollForward: {
    /** the version to roll forward to (declared in bulwark.yaml; not the LKG) */
    readonly version: string;
    readonly reason: string;
  };
  unfreezeBreaker: {
    readonly reason: string;
  };
  getCommand: never;
  listAnomalies: never;
  listAlerts: never;
  listBundles: never;
  getBundle: never;
  listRedteamReports: never;
  getRedteamReport: never;
  listIncidents: never;
  reportMissedAttack: {
    /** an attack bulwark did not detect (counts against recall) */
    readonly kind: "missed";
    readonly model: string;
    /** the version that served the attack */
    readonly version: string;
    /** when the attack started (ms since the epoch) */
    readonly onsetAt: number;
    readonly severity?: "page" | "ticket" | "soft";
    readonly note?: string;
  };
  getIncident: never;
  giveIncidentFeedback: {
    readonly verdict: "true_positive" | "false_positive" | "inconclusive";
    readonly note?: string;
  };
  getKnobs: never;
  putKnobs: {
    readonly rules?: Readonly<Record<string, {
      /** the `threshold` a rule expression refers to */
      readonly threshold?: number;
      /** a duration: one or more <integer><unit> groups, unit ms|s|m|h|d (e.g. 10s, 1h30m) */
      readonly window?: string;
      readonly minEvents?: number;
      /** a duration: one or more <integer><unit> groups, unit ms|s|m|h|d (e.g. 10s, 1h30m) */
      readonly holdFor?: string;
      readonly dryRun?: boolean;
    }>>;
    readonly inspectors?: Readonly<Record<string, {
      readonly threshold?: number;
      /** 0 (lenient) to 1 (strict) */
      readonly sensitivity?: number;
    }>>;
  };
}

/** Path and query parameters of each operation. */
export interface ParamsOf {
  healthz: Record<string, never>;
  openapi: Record<string, never>;
  streamEvents: { readonly types?: string; readonly model?: string; readonly access_token?: string; readonly lastEventId?: string };
  whoami: Record<string, never>;
  listModels: Record<string, never>;
  getModel: { readonly model: string };
  listModelVersions: { readonly model: string };
  approveRollForward: { readonly model: string };
  unfreezeBreaker: { readonly model: string };
  getCommand: { readonly id: number };
  listAnomalies: { readonly model?: string; readonly severity?: string; readonly since?: number; readonly limit?: number };
  listAlerts: { readonly status?: string; readonly limit?: number };
  listBundles: { readonly model?: string; readonly incident?: string; readonly limit?: number };
  getBundle: { readonly id: string; readonly offset?: number; readonly limit?: number };
  listRedteamReports: { readonly model?: string; readonly version?: string };
  getRedteamReport: { readonly digest: string };
  listIncidents: { readonly model?: string; readonly kind?: string; readonly limit?: number };
  reportMissedAttack: Record<string, never>;
  getIncident: { readonly id: string };
  giveIncidentFeedback: { readonly id: string };
  getKnobs: Record<string, never>;
  putKnobs: Record<string, never>;
}

export type HealthzResponse = ResponseOf["healthz"];
export type OpenapiResponse = ResponseOf["openapi"];
export type StreamEventsResponse = ResponseOf["streamEvents"];
export type WhoamiResponse = ResponseOf["whoami"];
export type ListModelsResponse = ResponseOf["listModels"];
export type GetModelResponse = ResponseOf["getModel"];
export type ListModelVersionsResponse = ResponseOf["listModelVersions"];
export type ApproveRollForwardResponse = ResponseOf["approveRollForward"];
export type UnfreezeBreakerResponse = ResponseOf["unfreezeBreaker"];
export type GetCommandResponse = ResponseOf["getCommand"];
export type ListAnomaliesResponse = ResponseOf["listAnomalies"];
export type ListAlertsResponse = ResponseOf["listAlerts"];
export type ListBundlesResponse = ResponseOf["listBundles"];
export type GetBundleResponse = ResponseOf["getBundle"];
export type ListRedteamReportsResponse = ResponseOf["listRedteamReports"];
export type GetRedteamReportResponse = ResponseOf["getRedteamReport"];
export type ListIncidentsResponse = ResponseOf["listIncidents"];
export type ReportMissedAttackResponse = ResponseOf["reportMissedAttack"];
export type GetIncidentResponse = ResponseOf["getIncident"];
export type GiveIncidentFeedbackResponse = ResponseOf["giveIncidentFeedback"];
export type GetKnobsResponse = ResponseOf["getKnobs"];
export type PutKnobsResponse = ResponseOf["putKnobs"];
