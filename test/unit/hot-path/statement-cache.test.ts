/**
 * Issue 16: SQLite statements are prepared once per SQL text, not once per query; a statement busy with
 * an unfinished iteration is never shared; the cache is bounded.
 */
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import sinon from 'sinon';
import { withStatementCache } from '../../../bot/store/db.js';

describe('issue 16: SQLite prepared-statement cache', () => {
  let sqlite: BetterSqlite3.Database;
  let prepares: sinon.SinonSpy;
  beforeEach(() => {
    sqlite = new BetterSqlite3(':memory:');
    sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    prepares = sinon.spy(sqlite, 'prepare');
  });
  afterEach(() => sqlite.close());

  it('the same SQL text is prepared once and gives the same results', () => {
    const db = withStatementCache(sqlite);
    for (let i = 1; i <= 5; i++) db.prepare('INSERT INTO t (id, v) VALUES (?, ?)').run([i, `v${i}`]);
    const rows = db.prepare('SELECT v FROM t WHERE id > ? ORDER BY id').all([3]);
    assert.deepEqual(rows, [{ v: 'v4' }, { v: 'v5' }]);
    assert.equal(prepares.callCount, 2);
  });

  it('a statement busy with an unfinished iteration is not handed out again', () => {
    const db = withStatementCache(sqlite);
    for (let i = 1; i <= 3; i++) db.prepare('INSERT INTO t (id, v) VALUES (?, ?)').run([i, `v${i}`]);
    const sql = 'SELECT id FROM t ORDER BY id';
    const streaming = db.prepare(sql).iterate([]);
    assert.deepEqual(streaming.next().value, { id: 1 });
    assert.deepEqual(db.prepare(sql).all([]), [{ id: 1 }, { id: 2 }, { id: 3 }], 'a second query on the same SQL runs meanwhile');
    assert.deepEqual([...streaming], [{ id: 2 }, { id: 3 }]);
  });

  it('is bounded: past the limit the least recently used statement is prepared again', () => {
    const db = withStatementCache(sqlite, 2);
    const select = (n: number) => db.prepare(`SELECT ${n} AS n`).all([]);
    select(1);
    select(2);
    select(3); // evicts "1"
    select(3);
    assert.equal(prepares.callCount, 3);
    select(1);
    assert.equal(prepares.callCount, 4);
  });
});
