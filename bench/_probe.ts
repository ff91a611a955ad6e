import * as path from 'node:path';
import Database from 'better-sqlite3';
import { makeBatches } from './points';
import { ingestOurs, ingestNative } from './ingest';
import { scratchDir, removeScratch } from './measure';
(async () => {
  const batches = makeBatches().slice(0, 100);
  const d = scratchDir('p');
  ingestNative(batches, path.join(d, 'n.db'), '198115f4cee34ea39708b4316f82b6c6');
  await ingestOurs(batches, path.join(d, '.mlops'));
  for (const f of [path.join(d, 'n.db'), path.join(d, '.mlops', 'mlflow.db')]) {
    const db = new Database(f, { readonly: true });
    console.log(f, db.pragma('page_size', { simple: true }), db.pragma('page_count', { simple: true }), db.pragma('freelist_count', { simple: true }), db.pragma('auto_vacuum', { simple: true }));
    try { console.log(db.prepare("SELECT name, count(*) pages, sum(pgsize-unused)*1.0/sum(pgsize) fill FROM dbstat GROUP BY name ORDER BY pages DESC LIMIT 6").all()); } catch (e) { console.log(String(e)); }
    db.close();
  }
  removeScratch();
})();
