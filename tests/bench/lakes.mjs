// The bench lakes (target/bench-lake-<scale>/published), each served with the built app.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serve, ROOT } from '../e2e/util.mjs';

/** Calls `run(server, scale)` for each scale whose lake exists; prints how to make a missing one. */
export async function eachLake(scales, run) {
  for (const scale of scales) {
    const data = path.join(ROOT, `target/bench-lake-${scale}/published`);
    if (!existsSync(path.join(data, 'manifest.json'))) {
      console.log(`| ${scale} | lake missing: target/release/cx-generate --scale ${scale} --out target/bench-lake-${scale} |`);
      continue;
    }
    const server = await serve({ data });
    try {
      await run(server, scale);
    } finally {
      server.stop();
    }
  }
}
