/**
 * Import first in handler tests: the Powertools logger and metrics read these when their modules load, so the
 * test output is not buried under structured logs and EMF blobs. A test that wants the log lines raises the
 * level with `logger.setLogLevel`.
 */
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_SERVICE_NAME ??= 'journeys-test';

export {};
