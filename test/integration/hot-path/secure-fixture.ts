/**
 * The fakes a hot-path suite runs the real app against: a fake connector (the replies), a fake Bot
 * Framework issuer (signed channel tokens), the outbound token primed, and a scratch folder for the
 * suite's SQLite files. Call inside a `describe`: it registers the suite's before/after hooks and returns
 * an object whose fields are set once `before` has run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  primeOutboundToken,
  startFakeBotFrameworkAuth,
  startFakeConnector,
  type FakeBotFrameworkAuth,
  type FakeConnector,
} from '../../helpers/fake-bot-framework-auth.js';
import { APP_ID } from '../security/harness.js';

export interface SecureFixture {
  auth: FakeBotFrameworkAuth;
  connector: FakeConnector;
  /** A fresh folder, removed after the suite. */
  dir: string;
}

export function secureFixture(folderPrefix: string): SecureFixture {
  const fixture = {} as SecureFixture;
  before(async () => {
    fixture.connector = await startFakeConnector();
    fixture.auth = await startFakeBotFrameworkAuth({ appId: APP_ID, serviceUrl: fixture.connector.serviceUrl });
    primeOutboundToken(APP_ID);
    fixture.dir = fs.mkdtempSync(path.join(os.tmpdir(), folderPrefix));
  });
  after(async () => {
    await fixture.auth?.close();
    await fixture.connector?.close();
    if (fixture.dir) fs.rmSync(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}
