export { createEventsExtension } from "./api/createEventsExtension";
export type { ApiRoutes, AppDeps } from "./app";
export { contentSecurityPolicy, createApp } from "./app";
export { collectProcessMetrics } from "./collectProcessMetrics";
export { collectSyncMetrics } from "./collectSyncMetrics";
export type { LoadedConfig, ServerConfig } from "./config";
export { ConfigError, loadConfig, serverDefaults, syncEnvName, usage } from "./config";
export type { DocAccess, DocAccessDecision } from "./DocAccess";
export { openDocAccess } from "./DocAccess";
export type { ErrorBody } from "./httpError";
export { errorBodyOf, httpError } from "./httpError";
export type { JsonLogger, LoggerOptions, LogLevel } from "./logger";
export { createLogger, isLogLevel, LOG_LEVELS, redact } from "./logger";
export type { MetricFamily, MetricSample } from "./renderPrometheus";
export { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from "./renderPrometheus";
export type { SyncTransportOptions, TransportMetrics } from "./SyncTransport";
export { SYNC_PATH_PREFIX, SyncTransport, TRANSPORT_CLOSE_GRACE_MS } from "./SyncTransport";
export { SyncWebSocket } from "./SyncWebSocket";
export type {
  RunningServer,
  ServerExtension,
  ServerExtensionDeps,
  ServerExtensions,
  StartServerOptions,
} from "./TableclothServer";
export { DATABASE_FILE, startServer } from "./TableclothServer";
export { tableclothExtensions } from "./tableclothExtensions";
