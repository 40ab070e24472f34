// Starts the built service (target/primetime.jar) on a free port against a fresh database on the local
// PostgreSQL, in development mode so it generates and offers a development token; launches Debian's Chromium
// through playwright-core; and stops and drops everything at the end.

import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = resolve(here, '../../..');
export const targetDir = join(projectRoot, 'target');
export const screenshotDir = join(targetDir, 'browser');
const PG_HOST = process.env.PGHOST_FOR_TESTS || '127.0.0.1';
const PG_PORT = process.env.PGPORT_FOR_TESTS || '5432';
const PG_USER = process.env.PGUSER_FOR_TESTS || 'postgres';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function psql(sql, database = 'postgres') {
  execFileSync('psql', ['-h', PG_HOST, '-p', PG_PORT, '-U', PG_USER, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** Runs SQL in a service's database as its owner, as an operator would with psql. */
export function psqlIn(database, sql) {
  psql(sql, database);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A running service; `stop()` ends it and drops its database, `stop({keepDatabase: true})` leaves the database for
 * a restart: `startService({port, database, workDir})` starts it again on the same port, data and development
 * secret.
 */
export async function startService({ env = {}, port: requestedPort, database: existingDatabase, workDir: existingWorkDir } = {}) {
  const jar = process.env.PRIMETIME_JAR || join(targetDir, 'primetime.jar');
  if (!existsSync(jar)) throw new Error(`${jar} is missing: build it first (./mvnw -B package or verify)`);
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const port = requestedPort || (await freePort());
  const database =
    existingDatabase || `primetime_browser_${Date.now()}_${Math.floor(Math.random() * 0xffff).toString(16)}`;
  if (!existingDatabase) psql(`CREATE DATABASE "${database}"`);
  // Its own working directory: a development service keeps its generated secret in .primetime/ there.
  const workDir = existingWorkDir || mkdtempSync(join(tmpdir(), 'primetime-browser-'));
  mkdirSync(screenshotDir, { recursive: true });
  const logFile = join(screenshotDir, `service-${port}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(java, ['-Xmx512m', '-XX:TieredStopAtLevel=1', '-jar', jar], {
    cwd: workDir,
    env: {
      ...process.env,
      ENVIRONMENT: 'development',
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      DATABASE_URL: `postgresql://${PG_USER}@${PG_HOST}:${PG_PORT}/${database}`,
      SUPABASE_JWT_SECRET: '',
      SUPABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code) => {
    exited = code;
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited !== null) throw new Error(`the service exited with ${exited} before it was ready; see ${logFile}`);
    try {
      const response = await fetch(`${base}/api/v1/scheduling/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service did not become healthy in 180 s; see ${logFile}`);
    }
    await sleep(500);
  }
  return {
    base,
    port,
    database,
    workDir,
    logFile,
    async stop({ keepDatabase = false } = {}) {
      if (exited === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await done;
        clearTimeout(timer);
      }
      if (keepDatabase) return;
      rmSync(workDir, { recursive: true, force: true });
      try {
        psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      } catch (e) {
        console.error(`could not drop ${database}: ${e.message}`);
      }
    },
  };
}

/** Playwright gives every launch a fresh, temporary --user-data-dir of its own and deletes it on close. */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** A tiny API client for arranging data the way another tab or system would. */
export function apiClient(base, token) {
  return async function call(method, path, body, headers = {}) {
    const response = await fetch(`${base}/api/v1/scheduling${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
}
